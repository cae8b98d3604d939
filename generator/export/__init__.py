"""Exports: the build context, the one output layer, and one sub-package per export."""
