from .programs import build
from .summary import summary

__all__ = ["build", "summary"]
