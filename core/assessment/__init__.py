"""Honest accuracy: cross-validation schemes, classifier metrics, map accuracy and areas from
reference samples (Olofsson, Stehman), and the HTML reports."""
