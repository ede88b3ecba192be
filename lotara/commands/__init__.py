"""One module per command group; each parses its arguments, makes one call and renders."""
