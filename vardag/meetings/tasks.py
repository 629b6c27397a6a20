from django_tasks import task

from vardag.meetings import services


@task()
def send_invitations(meeting_id: int) -> None:
    services.invitation_send(meeting_id=meeting_id)
