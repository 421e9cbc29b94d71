"""The render time every output states: Beijing time, with the zone named."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "北京时间")  # China has one zone and no daylight saving


def generated_at() -> str:
    """The render time in Beijing time, the zone named (offices read 生成时间 as local time);
    SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), BEIJING) if epoch and epoch.isdigit() else datetime.now(BEIJING)
    return when.strftime("%Y-%m-%d %H:%M（北京时间）")
