"""The registered parameters, one module per part of the model (see `sim.config.parameters`)."""
