enum _PlaceholderDrawing {}
