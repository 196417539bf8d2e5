"""Precision of the static detector on pinned real applications, downloaded at bench time.

``apps`` pins and fetches the applications, ``labels`` reads the committed verdicts, ``sample``
draws the stratified sample to label, ``scoring`` computes and renders the figures;
``scripts/eval_real.py`` is the command line (``make eval-real``).
"""
