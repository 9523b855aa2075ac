from .programs import build

__all__ = ["build"]
