"""The independent oracle for ArcFlux's schedule module: python-dateutil's RFC 5545 rrule.

Reads one JSON array of cases on stdin and writes one JSON array of answers on stdout, so
a test starts Python once for thousands of schedules. A case is
  {"zone": IANA name, "start": "YYYY-MM-DDTHH:MM:SS" (local DTSTART), "rrule": RRULE body,
   "horizon": local date-time no occurrence is looked for past, "max": most occurrences}.
An answer is {"walls": [local times, in the rule's order], "instants": [UTC, ms],
"complete": true when the rule ran out before the horizon and max}.

dateutil expands in local time with the zone attached (fold=0): a repeated local time is
its first instance, and a skipped one takes the offset before the change (zoneinfo's
reading of fold=0 in a gap), which moves it forward by the gap. UNTIL is compared as an
instant. Nothing here comes from ArcFlux.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def answer(case):
    zone = ZoneInfo(case["zone"])
    start = datetime.fromisoformat(case["start"]).replace(tzinfo=zone)
    horizon = datetime.fromisoformat(case["horizon"])
    rule = rrulestr(case["rrule"], dtstart=start)
    walls, instants, complete = [], [], True
    for occurrence in rule:
        if occurrence.replace(tzinfo=None) > horizon or len(walls) >= case["max"]:
            complete = False
            break
        walls.append(occurrence.replace(tzinfo=None).isoformat())
        utc = occurrence.astimezone(timezone.utc)
        instants.append(round(utc.timestamp() * 1000))
    return {"walls": walls, "instants": instants, "complete": complete}


def main():
    cases = json.load(sys.stdin)
    json.dump([answer(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
