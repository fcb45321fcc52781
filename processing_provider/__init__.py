"""Processing provider ``lulc``: thin algorithms over :mod:`..core`."""
