"""Shipped model files (read with importlib.resources); their card is README.md beside this file."""
