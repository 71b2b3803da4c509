"""Devices and sync: the same journal on every device, exchanged through a folder or a git remote."""
