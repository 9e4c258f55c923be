"""The people every test world is made of: one trainee and everyone around them, the same roles
over someone else, and a trainee in another office with their own people.

    North West (HENW)
      `programme`, TPD `tpd`: `trainee` (their `membership`), supervised by `supervisor`
      `other_programme`, TPD `other_tpd`: `other_trainee`, supervised by `other_supervisor`
      deanery reviewer `deanery`
      `deputy`: a consultant who supervises nobody, until `cover()` makes them stand in for
        `tpd`
    Yorkshire (HEYHD)
      `far_programme`, TPD `far_tpd`: `far_trainee`, supervised by `far_supervisor`
      deanery reviewer `other_deanery`
    `admin`: the admin role for every office, and a Django admin user

"Other" is the same role with another scope: the other TPD and supervisor work in the same
office, so only the programme or the supervision separates their scopes from the first ones';
a deanery reviewer's scope is an office, so the other reviewer is in Yorkshire. "Far" is
everything in Yorkshire, outside the North West reviewer's office. Every persona is a `User`
(the person who signs in); a trainee's record is `membership.trainee`.

Names are fixed and distinct, so a page that must not show someone can be checked by name.
"""

from dataclasses import dataclass
from datetime import date

from portal.accounts.models import Role, TpdDeputy, User
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from trainees.models import LocalOffice, Programme, ProgrammeMembership


@dataclass
class Personas:
    north_west: LocalOffice
    yorkshire: LocalOffice
    programme: Programme
    other_programme: Programme
    far_programme: Programme
    membership: ProgrammeMembership
    other_membership: ProgrammeMembership
    far_membership: ProgrammeMembership
    tpd: User
    other_tpd: User
    far_tpd: User
    deputy: User
    supervisor: User
    other_supervisor: User
    far_supervisor: User
    deanery: User
    other_deanery: User
    admin: User

    @property
    def trainee(self) -> User:
        return self.membership.trainee.user

    @property
    def other_trainee(self) -> User:
        return self.other_membership.trainee.user

    @property
    def far_trainee(self) -> User:
        return self.far_membership.trainee.user

    def cover(self, *, starts_on: date, ends_on: date) -> TpdDeputy:
        """The deputy stands in for `tpd` from `starts_on` to `ends_on` (both included)."""
        return TpdDeputy.objects.create(
            tpd=self.tpd, deputy=self.deputy, starts_on=starts_on, ends_on=ends_on
        )


def _trainee_in(programme, supervisor, first_name, last_name) -> ProgrammeMembership:
    made = MembershipFactory(programme=programme, educational_supervisor=supervisor)
    made.trainee.user.first_name, made.trainee.user.last_name = first_name, last_name
    made.trainee.user.save(update_fields=["first_name", "last_name"])
    return made


def build_personas() -> Personas:
    north_west, yorkshire = local_office("HENW"), local_office("HEYHD")
    tpd = user_with_role(Role.Kind.TPD, first_name="Tara", last_name="Director")
    other_tpd = user_with_role(Role.Kind.TPD, first_name="Omar", last_name="Director")
    far_tpd = user_with_role(Role.Kind.TPD, first_name="Farah", last_name="Yeadon")
    supervisor = user_with_role(Role.Kind.SUPERVISOR, first_name="Sam", last_name="Okafor")
    other_supervisor = user_with_role(Role.Kind.SUPERVISOR, first_name="Sian", last_name="Other")
    far_supervisor = user_with_role(Role.Kind.SUPERVISOR, first_name="Fern", last_name="Hill")
    programme = ProgrammeFactory(local_office=north_west, tpds=[tpd])
    other_programme = ProgrammeFactory(local_office=north_west, tpds=[other_tpd])
    far_programme = ProgrammeFactory(local_office=yorkshire, tpds=[far_tpd])
    return Personas(
        north_west=north_west,
        yorkshire=yorkshire,
        programme=programme,
        other_programme=other_programme,
        far_programme=far_programme,
        membership=_trainee_in(programme, supervisor, "Priya", "Shah"),
        other_membership=_trainee_in(other_programme, other_supervisor, "Tom", "Baker"),
        far_membership=_trainee_in(far_programme, far_supervisor, "Yusuf", "Khan"),
        tpd=tpd,
        other_tpd=other_tpd,
        far_tpd=far_tpd,
        deputy=user_with_role(Role.Kind.SUPERVISOR, first_name="Dev", last_name="Deputy"),
        supervisor=supervisor,
        other_supervisor=other_supervisor,
        far_supervisor=far_supervisor,
        deanery=user_with_role(Role.Kind.DEANERY, north_west, first_name="Dee", last_name="West"),
        other_deanery=user_with_role(
            Role.Kind.DEANERY, yorkshire, first_name="Yan", last_name="York"
        ),
        admin=user_with_role(
            Role.Kind.ADMIN, first_name="Morgan", last_name="Reid", is_staff=True, is_superuser=True
        ),
    )
