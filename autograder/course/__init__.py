"""The instructor's side: building notebooks, creating a course, grading a class."""
