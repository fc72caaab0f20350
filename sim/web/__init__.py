"""The web layer: the SolaraViz page (live model and replay of stored runs). Top of the stack."""
