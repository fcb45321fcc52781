"""Honest accuracy: cross-validation, classifier metrics, map accuracy and areas, reports.

Cross-validation schemes, classifier metrics, map accuracy and areas from reference samples
(Olofsson, Stehman), and the HTML reports.
"""
