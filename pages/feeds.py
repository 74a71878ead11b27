"""Blog feeds (RSS and Atom) and iCalendar feeds of hearing notices; live public pages only."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from participation.core.links import absolute_url

FEED_SIZE = 20


class BlogRssFeed(Feed):
    def get_object(self, request, page):
        self.request = request
        return page

    def title(self, page):
        return page.title

    def link(self, page):
        return page.get_url(request=self.request)

    def description(self, page):
        return page.intro or _("柳背桥社区的议题")

    def items(self, page):
        return page.topics()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, page):
        return self.description(page)


def calendar_response(notices, filename: str, name: str) -> HttpResponse:
    """An iCalendar file with one event per notice."""
    calendar = Calendar()
    calendar.add("prodid", "-//Liubeiqiao Community//Community CMS//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    for notice in notices:
        calendar.add_component(_event(notice))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _event(notice) -> Event:
    event = Event()
    event.add("uid", f"hearing-notice-{notice.pk}@liubeiqiao")
    event.add("summary", f"{notice.get_kind_display()}：{notice.title}")
    event.add("dtstart", notice.starts_at)
    event.add("dtend", notice.ends_at)
    event.add("dtstamp", notice.last_published_at or datetime.datetime.now(datetime.UTC))
    event.add("location", notice.venue)
    event.add("url", absolute_url(notice))
    description = [notice.organiser]
    if notice.registration_deadline:
        deadline = timezone.localtime(notice.registration_deadline)
        description.append(_("报名截止：%(time)s") % {"time": f"{deadline:%Y-%m-%d %H:%M}"})
    event.add("description", "\n".join(description))
    return event
