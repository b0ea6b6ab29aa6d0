enum _PlaceholderLessons {}
