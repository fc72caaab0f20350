"""One exception type for bad user input, so the command line can print one line and exit 2."""


class InputError(Exception):
    """Bad input from the user: a file, a key or a value that is not allowed.

    The message is one line naming the file (or option), the key and what is allowed.
    """

    exit_code = 2

    def __init__(self, where: str, key: str | None, problem: str) -> None:
        self.where, self.key, self.problem = where, key, problem
        text = f"{where}: {key}: {problem}" if key else f"{where}: {problem}"
        super().__init__(" ".join(text.split()))
