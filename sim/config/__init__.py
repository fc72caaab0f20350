"""The config layer: the parameter registry with provenance, scenario files, the parameter table.

It imports nothing from the layers above (model, batch, study, web, cli).
"""
