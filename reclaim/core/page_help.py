"""The "About this page" text of each main staff page, in one place (issue 14 item 4), keyed by URL name.

base.html shows it as a closed <details> disclosure through the `page_help` tag (core/templatetags): a page
whose URL name is here gets its help without touching its template. Each entry is one to three short
paragraphs in plain words: what the page is for, and what to know before using it. Every text is translated
through the staff catalogue (gettext_lazy). tests/test_page_help.py opens every page of the menu, for every
role, and every tab of a case file, and fails when one has no entry here.

Write for someone new to the job and tired: short sentences, no jargon, "survivor" (not "victim"), and never
a promise the code does not keep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

HELP: dict[str, tuple[Promise, ...]] = {
    # --- Everyone ---------------------------------------------------------------------------------------------
    "home": (
        _("Your starting point. It shows what needs you first: urgent needs, alerts and the count of your tasks."),
        _("The menu at the top lists only the pages your role may open."),
    ),
    "tasks": (
        _(
            "Everything waiting for you, from every case you work on: plan steps, reviews, follow-up contacts, "
            "assessments due, appointments, consents and referrals. Overdue items come first."
        ),
        _("An item leaves the list when the work is done on its own page."),
    ),
    "accounts:settings": (
        _(
            "Choose the language Reclaim speaks to you in. It follows you to every device once you sign in, and "
            "dates and numbers are written the way that language writes them."
        ),
        _("Choose the browser's language to let each device decide."),
    ),
    "accounts:tokens": (
        _(
            "API tokens let another program read or write Reclaim as you, with your permissions. Only create one "
            "if your agency's technical staff asked for it."
        ),
        _("A token is shown once. Keep it secret, and revoke it when it is no longer needed."),
    ),
    "mfa_index": (
        _(
            "Your sign-in protection. Most roles need an authenticator app: after your password, you type the "
            "six-digit code it shows."
        ),
        _("Keep your recovery codes somewhere safe. They let you sign in if you lose your phone."),
    ),
    "referrals:directory": (
        _(
            "Partner organisations you can refer people to: their services, hours, languages, who they help and "
            "how to reach them."
        ),
        _("Shelter addresses marked confidential are shown only to the agency that keeps them."),
    ),
    "outreach:training_mine": (
        _("Your training: courses you completed, your certificates and when they expire, and courses your role needs."),
    ),
    # --- Casework ---------------------------------------------------------------------------------------------
    "cases:list": (
        _(
            "The cases you may see. Filter by stage, worker, flags or overdue work, or find a person by name and birth date."
        ),
        _("A search by name is never shown in the page address."),
    ),
    "cases:open": (
        _(
            "Open a case for someone new, or for a person already known to your agency. Record only what is known "
            "today: every question can be skipped."
        ),
        _(
            "You do not need the person's story to open a case. Possible matches with existing records appear as you type."
        ),
    ),
    "cases:caseload": (_("How many cases each worker carries, by stage, so work can be shared fairly."),),
    "people:list": (
        _("The people your agency works with. Each person can have more than one case over time."),
        _("Names and birth dates are stored encrypted; opening a record is written in the audit log."),
    ),
    "people:detail": (
        _("One person's identity record: names, date of birth and contacts, and their cases."),
        _("Use the name the person chose. Opening this page is written in the audit log."),
    ),
    "assessments:due": (_("Assessments that are due or overdue on the cases you work on, overdue first."),),
    "scheduling:calendar_day": (
        _("Your appointments for the day. Switch to the week view, or open an appointment on its case."),
        _('Calendar feeds on your phone only say "Appointment", never a name.'),
    ),
    "services:log": (
        _("Every service your agency gave, with date, type, time spent and who gave it. Download it as a CSV file."),
        _("To correct a service, open its case: corrections and voids keep the original and need a reason."),
    ),
    "services:group_list": (
        _("Support groups, classes and courses: sessions, who is enrolled, attendance and certificates."),
    ),
    "referrals:incoming": (
        _("Referrals other agencies sent to you. Acknowledge each one before its deadline, then accept or decline it."),
    ),
    "referrals:outgoing": (
        _("Referrals your agency sent, with their status and any outcome the other agency reported back."),
    ),
    "legal:deadlines": (
        _(
            "Legal deadlines on the cases you work on: filings, hearings and expiries. Overdue ones also reach supervisors."
        ),
    ),
    "legal:rights": (
        _("Plain-language pages about a survivor's rights. You can share a page with a person through their case."),
    ),
    "reporting:dashboard_caseload": (
        _("Your own caseload in numbers. Each chart has its table and a CSV file beside it."),
    ),
    "reporting:dashboard_team": (
        _("Your team's caseloads and queues, to balance work and spot cases waiting too long."),
    ),
    # --- The case file ----------------------------------------------------------------------------------------
    "cases:detail": (
        _(
            "The case at a glance: details, stage, team and lead worker, and the latest events. Moving to the next "
            "stage tells you what is still missing."
        ),
        _("Closing a case or moving it to follow-up needs a supervisor's approval."),
    ),
    "cases:needs": (
        _(
            "Urgent needs first: safety, a safe place to stay, medical care, food, an interpreter, legal emergencies and childcare."
        ),
        _("Unresolved urgent needs also show on the home page of everyone working the case."),
    ),
    "cases:family": (
        _("Family members, children and other contacts, and whether each is safe to contact, how and when."),
        _("Someone who may be connected to the trafficking can never be marked safe to contact."),
    ),
    "cases:history": (
        _(
            "What happened, as far as the person wants to tell it: recruitment, travel and exploitation. Dates can be partial."
        ),
        _("Never press for details. A new exploitation after the person left is recorded as re-trafficking."),
    ),
    "cases:notes": (
        _(
            "Case notes. General notes are read by everyone on the case; clinical notes by clinicians only; legal notes by the legal team only."
        ),
        _("Choose the level before you write. Notes are never deleted: a mistake is struck through with a reason."),
    ),
    "documents:case_documents": (
        _(
            "Letters, forms and IDs, stored encrypted. Each has a type and a confidentiality level, and every download is recorded."
        ),
    ),
    "assessments:case_assessments": (
        _(
            "Questionnaires such as PHQ-9 or GAD-7. Every question can be skipped. The result is a screen, not a diagnosis."
        ),
        _(
            "Answers that raise a safety alert show on the case and on the workers' home pages until someone acknowledges them."
        ),
    ),
    "assessments:case_progress": (
        _("How scores and outcome ratings changed over time, as charts with the numbers beside them."),
    ),
    "assessments:case_outcomes": (
        _(
            "Rate the person's situation in each outcome area, from 1 to 4, together with them. The ratings show progress over time."
        ),
    ),
    "cases:follow_up": (
        _(
            "Contacts after the person has left the program, at set times (by default 1, 3, 6, 12, 18 and 24 "
            "months). Stop them if the person asks."
        ),
    ),
    "consent:case": (
        _(
            "What the person agreed may be shared, with whom, why and until when. Consent can be taken back at any time."
        ),
        _(
            "Your own agency's services never wait for a consent. Sharing with anyone else is checked against these consents."
        ),
    ),
    "outreach:story_case_list": (
        _(
            "Stories the person chose to share for awareness work. They need a live media consent, and the person reviews them first."
        ),
    ),
    "plans:plan": (
        _(
            "The person's plan: goals in their own words, the steps, who does each one, and the services that support it."
        ),
        _("Review the plan with the person regularly; each review keeps a copy of the plan as it was."),
    ),
    "scheduling:case_appointments": (
        _("Meetings with the person, staff or partners. You are warned about clashes before booking."),
    ),
    "services:case_services": (
        _(
            "Services given to this person: what, when, how long and by whom. Link a service to a plan goal when it served one."
        ),
    ),
    "referrals:case_referrals": (
        _("Referrals of this person to other agencies. A referral only carries what a live consent allows."),
        _("Sending more than the consent covers needs a supervisor and a written reason."),
    ),
    "legal:case_matters": (
        _("Legal matters such as visas, protective orders or court cases, step by step, with their deadlines."),
        _("Legal notes and documents are seen by the legal team only."),
    ),
    "connect:case_portal": (
        _(
            "The person's own access to the survivor portal: set it up with a one-time code, suspend it, and see check-ins and messages."
        ),
    ),
    "cases:timeline": (_("Everything that happened on this case, newest first. Filter by kind or date."),),
    # --- Agency administration --------------------------------------------------------------------------------
    "accounts:setup_guide": (
        _("The first things to set up for your agency. A step is ticked when Reclaim sees it done."),
    ),
    "accounts:agency_profile": (
        _("Your agency's name, and what partner organisations read about you in the partner directory."),
        _(
            "Public contact details live in your directory entry, so they are kept in one place. Never enter a shelter's address."
        ),
    ),
    "consent:templates": (
        _(
            "Your agency's starting points for recording consent: what it is for, what it covers, how long it lasts and the text read with the person."
        ),
        _("Changing a template that was used makes a new version; consents already recorded keep the one they used."),
    ),
    "accounts:team": (
        _("Your agency's staff. Invite people by email and give each one role; the role decides what they can see."),
        _("When someone leaves, mark them inactive on their last day: they can no longer open your agency's records."),
    ),
    "accounts:audit": (
        _("A record of who did what and when: sign-ins, records opened, changes, downloads and refused access."),
        _("The log cannot be changed, not even by administrators."),
    ),
    "accounts:grants_review": (
        _(
            "Times the platform operator opened emergency access to your agency's records, with their reason. Review each one."
        ),
    ),
    "accounts:vocabularies": (
        _("The lists used in forms, such as types of exploitation. You can add your agency's own entries."),
    ),
    "assessments:outcome_scale": (
        _(
            "The outcome areas and questions your staff rate with each person. Your changes make a new version of the scale."
        ),
    ),
    "assessments:plans": (
        _("Which questionnaires your staff repeat, and how often. Switch off the ones your agency does not use."),
    ),
    "funding:list": (_("Your grants: award, budget lines, staff time and costs, and how much is left."),),
    "referrals:policy": (
        _("How long partners have to acknowledge your referrals, and when an untouched referral counts as stale."),
    ),
    "connect:settings": (
        _(
            "How the survivor portal looks and behaves for your agency: its neutral name and icon, help numbers, office hours and the on-call supervisor."
        ),
    ),
    "legal:policy": (_("When legal deadline reminders go out, in days before the deadline."),),
    "legal:outcomes": (
        _(
            "Legal relief obtained for the people you serve, counted in people. Small numbers are hidden to protect them."
        ),
    ),
    "retention:policy": (
        _(
            "How long closed cases and their documents are kept before they are removed, and the legal holds that stop it."
        ),
        _("Check the preview before you save: removal cannot be undone."),
    ),
    "interop:imports": (
        _(
            "Bring in records from spreadsheets or an earlier system. Check a file first: nothing is saved until you confirm."
        ),
        _("Importing the same file twice changes nothing."),
    ),
    "interop:webhooks": (
        _("Send notices of changes to your partners' systems. Notices carry codes and ids only, never names."),
    ),
    # --- Reports and programs ---------------------------------------------------------------------------------
    "assessments:cohort": (
        _("The share of survivors whose scores improved. Small numbers are hidden to protect the people behind them."),
    ),
    "reporting:dashboard_program": (
        _(
            "Your program in numbers for a period: people served, stages, services, outcomes, referrals and cost per person."
        ),
        _("Small numbers are hidden so that nobody can be recognised."),
    ),
    "reporting:reports": (
        _(
            "Funder reports from ready-made templates, or your own from the builder. They count people, never name them."
        ),
        _("A report is made in the background; you can leave this page and find it under My reports and exports."),
    ),
    "reporting:jobs": (
        _("The reports and exports you asked for. Only you see them. Download them when they are ready."),
    ),
    "reporting:exports": (
        _(
            "A de-identified file for research, with only the people who agreed to research use. You must enter your password again."
        ),
    ),
    "reporting:policy": (
        _("The smallest number your reports show (smaller ones are hidden) and the month your fiscal year starts."),
    ),
    "reporting:network": (
        _("A coalition's count of people served, without counting anyone twice. Only the total leaves your agency."),
    ),
    # --- Community work ---------------------------------------------------------------------------------------
    "outreach:campaign_list": (_("Awareness campaigns: their goals, audiences, materials and results."),),
    "outreach:event_list": (
        _("Workshops and community trainings, with attendance and an anonymous before-and-after survey."),
    ),
    "outreach:story_library": (
        _(
            "Survivors' stories approved for awareness work. A story is withdrawn everywhere at once if consent is taken back."
        ),
    ),
    "outreach:volunteer_list": (_("Volunteers: applications, checks, agreements, assignments and hours."),),
    "outreach:volunteer_my_assignments": (
        _("Your volunteer assignments: where and when. Log your hours after each one."),
    ),
    "outreach:training_course_list": (
        _("Training courses your agency runs or recognises, with sessions and certificates."),
    ),
    "outreach:training_staff": (
        _("Who on your staff has completed the training their role needs, and whose certificates expire soon."),
    ),
    # --- Platform operator ------------------------------------------------------------------------------------
    "accounts:break_glass": (
        _("Emergency access to one agency's records, for a stated reason and a few hours. The agency is told at once."),
        _("Use it only when the agency asked for help or a life is at risk. Everything you open is recorded."),
    ),
}


def help_for(url_name: str) -> tuple[Promise, ...]:
    """The paragraphs of a page's help, or () for a page without any."""
    return HELP.get(url_name, ())
