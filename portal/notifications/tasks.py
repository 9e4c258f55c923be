from celery import shared_task


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def notifications_send_due():
    from portal.notifications.services import notifications_send_due as send_due

    return send_due()
