"""The command line (`hotline-sim`): parses arguments, calls the layers below. Top of the stack."""
