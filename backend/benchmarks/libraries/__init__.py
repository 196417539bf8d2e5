"""The library benchmark (``make bench-libraries``): apps whose blocking calls hide in libraries.

``apps/`` holds small async apps calling kubernetes, readabilipy, tiktoken and markitdown on the
event loop, each with an offloaded twin; ``expectations.toml`` says which library calls the
detector must report; ``requirements.txt`` pins the environment the libraries are read from.
"""
