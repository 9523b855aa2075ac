"""Scoped reads of cultivation, one module per area."""
