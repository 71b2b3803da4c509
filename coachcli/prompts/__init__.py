"""The conversations coach holds on a terminal: the weekly review and plan, the SMART questions, the editor.

Each answer is saved as it is given (one transaction per answer), so that stopping half-way loses nothing.
Commands in `cli/` decide whether to ask; these modules do the asking.
"""
