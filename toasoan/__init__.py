"""toasoan: the converged newsroom, news sharing and newsroom data platform."""

__version__ = "0.1.0"
