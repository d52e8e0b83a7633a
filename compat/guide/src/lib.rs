//! Empty: the dependencies are what compat/guide.py needs.
