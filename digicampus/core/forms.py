"""Helpers shared by forms of every app."""

from __future__ import annotations

from django import forms

from digicampus.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a business refusal at the top of the form, keeping what the user typed."""
    form.add_error(None, str(error.message))
