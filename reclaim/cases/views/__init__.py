"""Case pages, one module per part of the case file (overview, needs, history, notes, ...)."""
