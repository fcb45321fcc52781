"""Dialogs that collect choices and launch the ``lulc`` algorithms (no business logic here)."""
