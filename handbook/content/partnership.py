"""The partnership: everything that makes this handbook one partnership's own."""
from __future__ import annotations

from typing import Literal

from handbook.content.fields import Email, Id, Months, Phone, Record, Text, Url, find_by_id
from handbook.escaping import escape_cell, text
from handbook.problems import Problem

FILE = "partnership.yml"


class Contact(Record):
    id: Id
    name: Text
    when: Text
    phone: Phone | None = None
    area: Text | None = None
    verified: bool = False


class PrintingPolicy(Record):
    valid_for_hours: int
    statement: Text


class Licence(Record):
    code: Text
    content: Text | None = None


class ExitPage(Record):
    url: Url
    url_confirmed: bool


class Accessibility(Record):
    contact_email: Email | None = None
    standard: Text
    status: Literal["fully compliant", "partially compliant", "not compliant"]
    last_tested: Text | None = None
    known_issues: list[Text] = []


class Partnership(Record):
    name: Text
    short_name: Text
    handbook_title: Text
    language: Text = "en-GB"
    areas: list[Text]
    review_interval_months: Months
    site_url: Url | None = None
    contacts: list[Contact]

    def contact(self, contact_id: str) -> Contact:
        return find_by_id(self.contacts, contact_id, "contact")
    printing_policy: PrintingPolicy
    licence: Licence
    exit_page: ExitPage
    accessibility: Accessibility

    def id_locations(self):
        for index, contact in enumerate(self.contacts):
            yield f"contact {contact.id}", ("contacts", index, "id")

    def unset_values(self, source) -> list[Problem]:
        """Values the partnership has not confirmed yet: reported by every build."""
        found = []
        for index, contact in enumerate(self.contacts):
            if not contact.phone:
                found.append(Problem(source.path, source.line_of(("contacts", index, "phone")), "warning",
                                     f"contact '{contact.name}' has no phone number yet: "
                                     "the handbook shows it as not confirmed"))
        if not self.licence.content:
            found.append(Problem(source.path, source.line_of(("licence", "content")), "warning",
                                 "the licence of the guidance text is not set"))
        if not self.accessibility.contact_email:
            found.append(Problem(source.path, source.line_of(("accessibility", "contact_email")), "warning",
                                 "no e-mail address for reporting problems is set"))
        if not self.exit_page.url_confirmed:
            found.append(Problem(source.path, source.line_of(("exit_page", "url")), "warning",
                                 "the address 'Exit this page' leads to is not confirmed"))
        if not self.site_url:
            found.append(Problem(source.path, source.line_of(("site_url",)), "warning",
                                 "site_url is not set: printouts cannot give the online address"))
        return found


def contact_line(contact: Contact) -> str:
    """One contact as a sentence, for the top of the home page."""
    if contact.phone:
        number = f"[{contact.phone}](tel:{contact.phone.replace(' ', '')})"
    else:
        number = "(number not yet confirmed)"
    return f"**{text(contact.when)}:** call {number} ({text(contact.name)})."


def contacts_table(partnership: Partnership) -> str:
    rows = ["| Who | When to call | Number |", "| --- | --- | --- |"]
    for contact in partnership.contacts:
        number = f"[{contact.phone}](tel:{contact.phone.replace(' ', '')})" if contact.phone else (
            "*Not yet confirmed by the partnership: use the number your organisation gives you.*")
        rows.append(f"| {escape_cell(contact.name)} | {escape_cell(contact.when)} | {number} |")
    return "\n".join(rows)


def accessibility_known_issues(accessibility: Accessibility) -> str:
    """The accessibility statement's list of what is known not to work yet."""
    return "\n".join(f"- {text(issue)}" for issue in accessibility.known_issues)


def accessibility_contact(accessibility: Accessibility) -> str:
    """How to report an accessibility problem: the partnership's address, once it has one."""
    if accessibility.contact_email:
        email = accessibility.contact_email
        return (f"E-mail [{email}](mailto:{email}) if you find a problem that is not listed here, "
                "or need information in a different format.")
    return ("The partnership has not yet published a contact address for accessibility problems. "
            "Until it does, please tell the safeguarding children partnership in your area.")


def accessibility_last_tested(accessibility: Accessibility) -> str:
    if accessibility.last_tested:
        return f"This handbook was last tested on {text(accessibility.last_tested)}."
    return "This handbook has not yet been tested for accessibility."
