"""Feeds of every section (RSS and Atom) and iCalendar feeds of hearing notices; live public
pages only."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail.models import Site

from pages.site_data import prime_request
from participation.core.links import absolute_url

FEED_SIZE = 20


class PageItemsFeed(Feed):
    """What every page feed says of an item: its title and its address."""

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return absolute_url(item)


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class SectionRssFeed(PageItemsFeed):
    """A section's newest live public pages, as its index page chooses them (``feed_items``)."""

    def get_object(self, request, page):
        self.request = request
        return page

    def title(self, page):
        return page.feed_title(self.request)

    def link(self, page):
        return page.get_url(request=self.request)

    def description(self, page):
        return page.intro or page.title

    def items(self, page):
        return page.feed_items(self.request)[:FEED_SIZE]

    def item_description(self, item):
        return item.feed_summary()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return item.feed_categories()


class SectionAtomFeed(AtomMixin, SectionRssFeed):
    pass


class OutcomesRssFeed(PageItemsFeed):
    """What was decided: topics whose outcome and meetings whose minutes are published, the
    latest first, from the request's site (``pages.listings.outcomes``)."""

    def get_object(self, request):
        from pages.listings import (
            outcomes,  # the listings import the page models, which import this
        )

        self.request = request
        self.outcomes = outcomes
        prime_request(request)
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        return site.root_page.specific

    def title(self, root):
        return _("%(site)s：议定事项") % {"site": root.title}

    def link(self, root):
        return root.get_url(request=self.request)

    def description(self, root):
        return _("议题的意见汇总与处理结果，会议的纪要与决定。")

    def items(self, root):
        return self.outcomes(root, self.request, FEED_SIZE)

    def item_description(self, item):
        return item.outcome_summary()

    def item_pubdate(self, item):
        return item.last_published_at


class OutcomesAtomFeed(AtomMixin, OutcomesRssFeed):
    pass


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
