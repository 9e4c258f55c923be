"""The two kinds of application, as the shared pages in `views.common` see them."""

from requests_ltft import forms as ltft_forms
from requests_ltft import services as ltft_services
from requests_ltft.oopp import services as oopp_services
from requests_ltft.oopp.forms import DeclarationsForm as OoppDeclarationsForm
from requests_ltft.oopp.presenters import oopp_answers
from requests_ltft.oopp.selectors import oopp_get, oopp_list_for_trainee, oopp_provisional_cct
from requests_ltft.presenters import ltft_answers
from requests_ltft.selectors import can_open_evidence, ltft_get, ltft_list_for_trainee
from requests_ltft.views import oopp, review, trainee
from requests_ltft.views.common import Kind

MOVES = ("tpd_support", "approve", "return_for_changes", "reject", "withdraw")


def _services(module, prefix: str) -> dict:
    """A kind's services, named "<prefix>_<verb>" in its services module."""

    def service(verb):
        return getattr(module, f"{prefix}_{verb}")

    return {
        "moves": {name: service(name) for name in MOVES},
        **{
            verb: service(verb)
            for verb in (
                "draft_update",
                "evidence_add",
                "evidence_remove",
                "declarations_confirm",
                "submit",
                "assign_case_owner",
            )
        },
    }


def _pages(module) -> dict:
    """What a kind's form pages ask, from the module that describes them."""
    return {
        "steps": module.STEPS,
        "step_titles": module.STEP_TITLES,
        **{
            name: getattr(module, name)
            for name in ("form_for", "values", "shows_step", "problems", "preview", "step_context")
        },
    }


LTFT = Kind(
    slug="ltft",
    title="LTFT application",
    templates="requests_ltft/ltft_",
    steps_folder="requests_ltft/steps/",
    get=ltft_get,
    list_for=ltft_list_for_trainee,
    answers=ltft_answers,
    **_services(ltft_services, "ltft"),
    **_pages(trainee),
    can_open_evidence=lambda user, application: can_open_evidence(
        user=user, application=application
    ),
    provisional_cct=trainee.provisional,
    declarations_form=ltft_forms.DeclarationsForm,
    upload_step="evidence",
    preview_step="change",
    preview_prompt="Choose a percentage and a start date",
    detail_context=review.detail_context,
)

OOPP = Kind(
    slug="oopp",
    title="OOPP application",
    templates="requests_ltft/oopp/",
    steps_folder="requests_ltft/oopp/steps/",
    get=oopp_get,
    list_for=oopp_list_for_trainee,
    answers=oopp_answers,
    **_services(oopp_services, "oopp"),
    **_pages(oopp),
    # A job offer is not special-category data: everyone who may see the application (the
    # TPD and supervisor who must judge the post among them) may open it, each view audited.
    can_open_evidence=lambda user, application: True,
    provisional_cct=oopp_provisional_cct,
    declarations_form=OoppDeclarationsForm,
    upload_step="confirmation",
    preview_step="dates",
    preview_prompt="Enter your start and return dates",
    files_label="Post confirmation",
    warnings=oopp.warnings,
    detail_context=oopp.detail_context,
)
