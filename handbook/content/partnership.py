"""The partnership: everything that makes this handbook one partnership's own."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from handbook.content.fields import Email, Id, Months, Phone, Record, Text, Url, find_by_id
from handbook.content.tables import caption
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


# What the handbook says about printed copies while the partnership has not confirmed a
# printing policy: nothing about how long a copy is valid, only what is true of any copy.
UNCONFIRMED_PRINTING = (
    "The partnership has not yet confirmed a policy for printed copies of this handbook. "
    "A printed copy is not updated when the handbook is: check the online version for "
    "current guidance before relying on it.")


class PrintingPolicy(Record):
    valid_for_hours: int
    statement: Text
    # Whether the partnership has adopted this policy. A policy written here without the
    # flag is taken as the partnership's own; `confirmed: false` marks one it has not
    # adopted yet (reported by every build, and not shown as its policy).
    confirmed: bool = True

    @property
    def notice(self) -> str:
        """What pages and paper say about printed copies: the statement once confirmed."""
        return self.statement if self.confirmed else UNCONFIRMED_PRINTING


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
    # The name under the icon of the installed copy on a phone, which cuts longer names.
    short_name: Annotated[Text, StringConstraints(max_length=12)]
    handbook_title: Text
    language: Text = "en-GB"
    areas: list[Text]
    # How often chapters are reviewed, for chapters that do not give their own interval or
    # due date. None (null) until the partnership sets it: those chapters then have no
    # review date, and none of them is ever reported overdue.
    review_interval_months: Months | None = None
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
        if self.review_interval_months is None:
            found.append(Problem(source.path, source.line_of(("review_interval_months",)), "warning",
                                 "no review date set: review_interval_months is not set, so chapters "
                                 "without a review_interval_months or review_due of their own show "
                                 "no review date and are never reported overdue; set it once the "
                                 "partnership has said how often chapters are reviewed"))
        if not self.printing_policy.confirmed:
            found.append(Problem(source.path, source.line_of(("printing_policy", "confirmed")), "warning",
                                 f"the printing policy (printed copies valid for "
                                 f"{self.printing_policy.valid_for_hours} hours) is not confirmed by the "
                                 "partnership: pages say that no policy is confirmed yet; set "
                                 "confirmed: true once the partnership adopts it (or change it)"))
        return found


def contact_line(contact: Contact) -> str:
    """One contact as a sentence, for the top of the home page."""
    if contact.phone:
        number = f"[{contact.phone}](tel:{contact.phone.replace(' ', '')})"
    else:
        number = "(number not yet confirmed)"
    return f"**{text(contact.when)}:** call {number} ({text(contact.name)})."


def contacts_table(partnership: Partnership) -> str:
    """Who to call: the number first, as it is what a worried reader looks for (and, on a
    narrow screen where each row is a card, what they see first)."""
    rows = [caption("Who to call"), "| Number | Who | When to call |", "| --- | --- | --- |"]
    for contact in partnership.contacts:
        number = f"[{contact.phone}](tel:{contact.phone.replace(' ', '')})" if contact.phone else (
            "*Not yet confirmed by the partnership: use the number your organisation gives you.*")
        rows.append(f"| {number} | {escape_cell(contact.name)} | {escape_cell(contact.when)} |")
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
