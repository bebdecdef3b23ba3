"""SSP Archive: the public, searchable record of the Safer Stockton Partnership."""
