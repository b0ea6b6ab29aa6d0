enum _PlaceholderFigures {}
