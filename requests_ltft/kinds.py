"""The two kinds of application, each described once: what it is called, its model, the
selectors, services and presenters that read and write it, its form pages, its queue columns
and its notice deadline. The shared pages, the queues and the reminders all read these, and
every service is named here, so a search for its name finds who calls it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from requests_ltft import deadlines, permissions
from requests_ltft.forms import ltft as ltft_forms
from requests_ltft.forms import oopp as oopp_forms
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.presenters import ltft as ltft_presenters
from requests_ltft.presenters import oopp as oopp_presenters
from requests_ltft.selectors import ltft as ltft_selectors
from requests_ltft.selectors import oopp as oopp_selectors
from requests_ltft.services import applications as shared_services
from requests_ltft.services import ltft as ltft_services
from requests_ltft.services import oopp as oopp_services

PAGES = [
    "list",
    "start",
    "detail",
    "step",
    "check",
    "submitted",
    "cct_preview",
    "action",
    "case_owner",
    "evidence_download",
    "evidence_delete",
]


def _no_warnings(application) -> list[str]:
    return []


@dataclass(frozen=True)
class Kind:
    slug: str  # URL names are "requests_ltft:<slug>_<page>"; audit actions start with it
    label: str  # "LTFT"
    long_title: str  # "application to train less than full time", in sentences
    model: type
    # Reads
    get: Callable  # the scoped selector: get(user=, pk=)
    list_for: Callable  # the trainee's own applications: list_for(user=)
    problems: Callable  # (application, today=) -> [(page or None, message)] stopping a submission
    provisional_cct: Callable  # (application) -> the provisional CCT date, or None
    can_open_evidence: Callable  # (user=, application=) -> bool
    # Writes: the transitions people make, by name, then the form pages' services
    moves: dict[str, Callable]  # transition name -> service(application=, actor=[, reason=])
    draft_update: Callable
    submit: Callable
    # What it says
    answers: Callable  # (application) -> [Answer]
    redactor: Callable  # (application, roles) -> Redact: what one reader sees of the answers
    detail_context: Callable  # (application, roles) -> what only this kind's page shows
    queue_summary: Callable  # (row) -> the queue's summary cell
    queue_flags: Callable  # (row) -> [Flag]
    queue_summary_heading: str
    queue_columns: tuple[str, ...]  # what the summary and flags read, besides QUEUE_COLUMNS
    queue_page_param: str
    # Its form pages
    templates: str  # the prefix of the kind's own templates, e.g. "requests_ltft/ltft_"
    steps_folder: str  # where its form pages' templates are
    # The kind's forms module; every kind's has the same names:
    #   STEPS, STEP_TITLES: the form pages in order, and their titles;
    #   form_for(application, step, data, files) -> the page's form;
    #   values(step, cleaned_data) -> the draft fields to save;
    #   shows_step(application, step) -> bool, for pages that only some need;
    #   step_context(application, step) -> extra context for a form page;
    #   DeclarationsForm: the check page's declarations;
    #   preview(application, posted data) -> date, why there is none (str), or None.
    forms: ModuleType
    upload_step: str
    preview_step: str  # the page that shows the live provisional CCT date
    preview_prompt: str  # what to fill in before the preview can show a date
    # The last day a draft can be submitted with the office's full notice
    last_full_notice_day: Callable  # (application) -> date
    files_label: str = "Evidence"
    warnings: Callable = _no_warnings  # (application) -> things to say that do not block
    # The same for every kind, so every page reaches them through the kind it is showing.
    evidence_add: Callable = shared_services.application_evidence_add
    evidence_remove: Callable = shared_services.application_evidence_remove
    declarations_confirm: Callable = shared_services.application_declarations_confirm
    assign_case_owner: Callable = shared_services.application_assign_case_owner
    urls: dict[str, str] = field(init=False)

    def __post_init__(self):
        urls = {page: f"requests_ltft:{self.slug}_{page}" for page in PAGES}
        object.__setattr__(self, "urls", urls)

    @property
    def title(self) -> str:
        """ "LTFT application", in headings and subjects."""
        return f"{self.label} application"

    @property
    def plural(self) -> str:
        """ "LTFT applications", the queue section's heading."""
        return f"{self.label} applications"

    def template(self, name: str) -> str:
        return f"{self.templates}{name}.html"


LTFT = Kind(
    slug="ltft",
    label="LTFT",
    long_title="application to train less than full time",
    model=LtftApplication,
    get=ltft_selectors.ltft_get,
    list_for=ltft_selectors.ltft_list_for_trainee,
    problems=ltft_selectors.ltft_submission_problems,
    provisional_cct=ltft_selectors.ltft_provisional_cct,
    can_open_evidence=permissions.ltft_can_open_evidence,
    moves={
        "tpd_support": ltft_services.ltft_tpd_support,
        "approve": ltft_services.ltft_approve,
        "return_for_changes": ltft_services.ltft_return_for_changes,
        "reject": ltft_services.ltft_reject,
        "withdraw": ltft_services.ltft_withdraw,
    },
    draft_update=ltft_services.ltft_draft_update,
    submit=ltft_services.ltft_submit,
    answers=ltft_presenters.ltft_answers,
    redactor=ltft_presenters.ltft_redactor,
    detail_context=ltft_presenters.ltft_detail_context,
    queue_summary=ltft_presenters.ltft_queue_summary,
    queue_flags=ltft_presenters.ltft_flags,
    queue_summary_heading="Change",
    queue_columns=("current_percent", "proposed_percent", "skilled_worker_visa"),
    queue_page_param="page",
    templates="requests_ltft/ltft_",
    steps_folder="requests_ltft/steps/",
    forms=ltft_forms,
    upload_step="evidence",
    preview_step="change",
    preview_prompt="Choose a percentage and a start date",
    last_full_notice_day=deadlines.ltft_last_full_notice_day,
)

OOPP = Kind(
    slug="oopp",
    label="OOPP",
    long_title="application for an Out of Programme Pause",
    model=OoppApplication,
    get=oopp_selectors.oopp_get,
    list_for=oopp_selectors.oopp_list_for_trainee,
    problems=oopp_selectors.oopp_submission_problems,
    provisional_cct=oopp_selectors.oopp_provisional_cct,
    can_open_evidence=permissions.oopp_can_open_evidence,
    moves={
        "tpd_support": oopp_services.oopp_tpd_support,
        "approve": oopp_services.oopp_approve,
        "return_for_changes": oopp_services.oopp_return_for_changes,
        "reject": oopp_services.oopp_reject,
        "withdraw": oopp_services.oopp_withdraw,
    },
    draft_update=oopp_services.oopp_draft_update,
    submit=oopp_services.oopp_submit,
    answers=oopp_presenters.oopp_answers,
    redactor=oopp_presenters.oopp_redactor,
    detail_context=oopp_presenters.oopp_detail_context,
    queue_summary=oopp_presenters.oopp_queue_summary,
    queue_flags=oopp_presenters.oopp_flags,
    queue_summary_heading="Post",
    queue_columns=(
        "post_title",
        "intended_return_date",
        "arcp_outcome_expected",
        "little_training_left",
        "es_view",
    ),
    queue_page_param="oopp_page",
    templates="requests_ltft/oopp/",
    steps_folder="requests_ltft/oopp/steps/",
    forms=oopp_forms,
    upload_step="confirmation",
    preview_step="dates",
    preview_prompt="Enter your start and return dates",
    last_full_notice_day=deadlines.oopp_last_full_notice_day,
    files_label="Post confirmation",
    warnings=oopp_presenters.oopp_warnings,
)

KINDS = (LTFT, OOPP)
