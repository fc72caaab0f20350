"""The study layer: statistics, plots, reports, validation, sensitivity and scenario discovery.

It reads what the batch layer stored; it may import config, model and batch, never web or cli.
"""
