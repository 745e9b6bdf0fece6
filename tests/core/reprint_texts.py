"""Articles for the reprint, corroboration and timeline tests: one wire story, a reprint of it on
another site (other furniture, a new headline, the end trimmed), and an independent report of the
same event that quotes the same spokeswoman. Written for these tests."""

from __future__ import annotations

QUOTE = "We have a deal that our members can live with, and the cranes will move again on Monday"

WIRE = f"""Valmora dock workers end strike after pay deal

VALMORA — Dock workers at the port of Valmora voted on Saturday to end a nine-day strike that had left
more than forty container ships waiting at anchor, after the port authority agreed to a pay rise of
six per cent over two years.

"{QUOTE}," said Ana Ribeiro, a spokeswoman for the Harbour Workers' Union, outside the union hall where
the vote was counted late in the evening.

The union had asked for nine per cent and a limit on night shifts. The final agreement keeps the night
shift rota as it is but adds a second rest day after every run of five nights, a change the port
authority had refused twice in earlier rounds of talks.

Shipping agents said it would take at least a week to clear the queue of vessels. Several lines had
already sent cargo to the rival port of Castel Nou, two hundred kilometres up the coast, and some
warned that the diverted routes might not come back quickly.

The port authority's director, Tomas Ehrlich, said the settlement was fair and that the authority
would now turn to the long-delayed dredging of the outer channel, which the strike had put on hold.

Farmers who export citrus through Valmora said the strike had cost them a large part of the early
harvest, which spoiled in refrigerated containers that could not be loaded in time.
"""

_WIRE_PARAGRAPHS = WIRE.split("\n\n")

#: The first four paragraphs of the story (the last two trimmed), under another headline and
#: amid the site's own furniture.
REPRINT = "\n\n".join(
    [
        "Strike over at Valmora port as workers accept six per cent",
        "Home | World | Business | Sport\nShare this article\nAdvertisement",
        *_WIRE_PARAGRAPHS[1:5],
        "Read more: Valmora's port in numbers\nSign up for our morning newsletter\n",
    ]
)

INDEPENDENT = f"""Cranes to restart in Valmora as union signs off on deal

By our correspondent in Valmora

The strike that closed Valmora's container terminal for more than a week is over. Members of the Harbour
Workers' Union backed the port authority's offer by a clear margin in a ballot on Saturday night.

"{QUOTE}," Ana Ribeiro told reporters, speaking for the union after the count.

The offer had barely changed since Thursday, when negotiators met for eleven hours at the labour
ministry. What tipped the balance, several members said, was the promise of an extra rest day for crews
who work long runs of night shifts.

Exporters were less cheerful. A spokesman for the regional growers' association said oranges and lemons
worth millions had rotted on the quay, and asked the government for compensation.

The authority expects the first ships to berth on Monday morning.
"""

LATER = """Valmora port clears backlog a week after strike

The last of the container ships that queued off Valmora during the nine-day dock strike left the port on
Sunday, the port authority said, after crews worked extra shifts through the week to clear the backlog.
Dredging of the outer channel is to begin next month.
"""
