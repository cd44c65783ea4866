"""Every stored query, with the rows it must give on the curated data (taken from the articles),
and the cross-engine check: the same rows embedded, on rdflib's own engine and on a real Oxigraph
server loaded with `conflictkg push`.

Rows are written as the other data tests write them: IRIs as prefixed names, literals as their
lexical form, None for an unbound column.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from conflictkg.query import library
from conflictkg.query import sparql
from conflictkg.storage import store
from conflictkg.model.namespaces import PREFIXES

from conftest import ROOT

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph stores every integer-derived type (nonNegativeInteger, positiveInteger...) as
# xsd:integer; rdflib keeps the datatype as written. Same value, so compare them as integers.
_INTEGER_TYPES = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                    "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                    "unsignedInt", "unsignedShort", "unsignedByte")}


def short(term) -> str | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _BY_LENGTH:
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    return term.value


def comparable(term):
    """A term in a form that is equal across engines: N-Triples, integers by value."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _INTEGER_TYPES:
        return ("integer", int(term.value))
    return str(term)


def normalise(result):
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(tuple(comparable(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples)
    return result.variables, [tuple(comparable(x) for x in row) for row in result.rows]


class Expected(NamedTuple):
    params: dict
    columns: tuple | None  # None for ASK and CONSTRUCT
    rows: list | bool


EXPECTED: dict[str, Expected] = {
    "actor-claims": Expected(
        {'actor': 'sohr'},
        ('event', 'measure', 'figure', 'text', 'stance', 'claimDate', 'claim'),
        [
            ('event:2021-01-syria-missile-strikes', 'measure:movement', None, 'the Iranian-backed factions started to redeploy in al-Mayadin and Abu Kamal and along the Syria-Iraq border', 'stance:asserts', '2021-01-15', 'claim:2021-01-syria-missile-strikes-sohr-redeployment'),
            ('event:2021-01-syria-missile-strikes', 'measure:strikes', 'over 18', None, 'stance:confirms', None, 'claim:2021-01-syria-missile-strikes-sohr-strikes'),
            ('event:2024-palmyra-airstrike', 'measure:killed', 'more than 108', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '11', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-hezbollah-officers'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '29', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-non-syrian-militiamen'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '73', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-syrian-militiamen'),
            ('event:2024-palmyra-airstrike', 'measure:killed', 'at least 108', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '29', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead-foreign-militiamen'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '15', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead-hezbollah-militants'),
            ('event:2024-palmyra-airstrike', 'measure:killed', '73', None, 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead-syrian-militiamen'),
            ('event:2024-palmyra-airstrike', 'measure:target', None, 'a weapons depot near the industrial area', 'stance:asserts', None, 'claim:2024-palmyra-airstrike-sohr-target'),
        ],
    ),
    "breakdown-exceeds-total-violation": Expected(
        {},
        ('event', 'claimant', 'total', 'stated', 'partsSum', 'excess', 'parts', 'completeness'),
        [
            ('event:2024-palmyra-airstrike', 'actor:sohr', 'claim:2024-palmyra-airstrike-sohr-killed-lead', '108', '117', '9', '3', 'completeness:partial'),
        ],
    ),
    "casualty-claims": Expected(
        {'event': '2024-palmyra-airstrike'},
        ('claimant', 'measure', 'figure', 'min', 'best', 'max', 'stance', 'counts', 'partOf', 'date', 'section', 'claim'),
        [
            ('actor:sohr', 'measure:killed', 'more than 108', '108', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes'),
            ('actor:sohr', 'measure:killed', '11', '11', '11', '11', 'stance:asserts', 'officers working for Hezbollah in Lebanon', '73', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-hezbollah-officers'),
            ('actor:sohr', 'measure:killed', '29', '29', '29', '29', 'stance:asserts', 'foreign Iranian-backed militiamen', 'more than 108', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-non-syrian-militiamen'),
            ('actor:sohr', 'measure:killed', '73', '73', '73', '73', 'stance:asserts', 'Iranian-backed Syrian militiamen', 'more than 108', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-syrian-militiamen'),
            ('actor:sohr', 'measure:killed', 'at least 108', '108', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-sohr-killed-lead'),
            ('actor:sohr', 'measure:killed', '29', '29', '29', '29', 'stance:asserts', 'foreign Iranian-backed militiamen', 'at least 108', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-sohr-killed-lead-foreign-militiamen'),
            ('actor:sohr', 'measure:killed', '15', '15', '15', '15', 'stance:asserts', 'Hezbollah militants', 'at least 108', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-sohr-killed-lead-hezbollah-militants'),
            ('actor:sohr', 'measure:killed', '73', '73', '73', '73', 'stance:asserts', 'Iranian-backed Syrian militiamen', 'at least 108', None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-sohr-killed-lead-syrian-militiamen'),
            ('actor:syrian-state-media', 'measure:injured', 'at least 50', '50', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-syrian-state-media-injured'),
            ('actor:syrian-state-media', 'measure:killed', '36', '36', '36', '36', 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', 'claim:2024-palmyra-airstrike-syrian-state-media-killed'),
            ('actor:wikipedia', 'measure:injured', '50+', '50', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-wikipedia-injured-infobox'),
            ('actor:wikipedia', 'measure:injured', 'more than 50', '50', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-wikipedia-injured-lead'),
            ('actor:wikipedia', 'measure:killed', '108+', '108', None, None, 'stance:asserts', None, None, None, 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', 'claim:2024-palmyra-airstrike-wikipedia-killed-infobox'),
        ],
    ),
    "claims": Expected(
        {'event': '2021-01-22-hama-airstrike'},
        ('claim_id', 'event_id', 'event_label', 'claimant_id', 'claimant', 'measure', 'counted', 'qualifier', 'min', 'best', 'max', 'figure_text', 'stance', 'hedge', 'claim_date', 'claim_date_precision', 'reference_date', 'time_value', 'object_value', 'text_value', 'applies_to', 'side', 'population', 'breakdown_of', 'revises', 'revised_by', 'disputes', 'stated_to', 'source_id', 'source_document', 'source_url', 'quote', 'submitted_by', 'submitted_at', 'claim_iri'),
        [
            ('2021-01-22-hama-airstrike-syrian-state-media-killed', '2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', 'syrian-state-media', 'Syrian state media', 'killed', 'person', 'exact', '4', '4', '4', 'a family of four', 'asserts', 'according-to', None, None, None, None, '', None, 'a family of four', None, 'hama-family', '', '', '', '', '', 'wikipedia-syria-missile-strikes-2021-01-airstrikes; wikipedia-syria-missile-strikes-2021-01-lead', 'Syria missile strikes (January 2021) (Wikipedia)', 'https://en.wikipedia.org/wiki/Syria_missile_strikes_(January_2021)#Airstrikes; https://en.wikipedia.org/wiki/Syria_missile_strikes_(January_2021)', 'Israel carried out another airstrike in Hama nine days later, killing a family of four, including two children, according to Syrian state media.', '', '', 'https://w3id.org/conflict-kg/id/claim/2021-01-22-hama-airstrike-syrian-state-media-killed'),
            ('2021-01-22-hama-airstrike-syrian-state-media-killed-children', '2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', 'syrian-state-media', 'Syrian state media', 'killed', 'person', 'exact', '2', '2', '2', 'two children', 'asserts', 'according-to', None, None, None, None, '', None, 'children', None, 'children', '2021-01-22-hama-airstrike-syrian-state-media-killed', '', '', '', '', 'wikipedia-syria-missile-strikes-2021-01-lead', 'Syria missile strikes (January 2021) (Wikipedia)', 'https://en.wikipedia.org/wiki/Syria_missile_strikes_(January_2021)', 'including two children', '', '', 'https://w3id.org/conflict-kg/id/claim/2021-01-22-hama-airstrike-syrian-state-media-killed-children'),
            ('2021-01-22-hama-airstrike-wikipedia-killed-infobox', '2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', 'wikipedia', 'Wikipedia', 'killed', 'person', 'exact', '4', '4', '4', '4 civilians on 22 January', 'asserts', '', None, None, None, None, '', None, 'civilians', None, 'civilians', '', '', '', '', '', 'wikipedia-syria-missile-strikes-2021-01-infobox', 'Syria missile strikes (January 2021) (Wikipedia)', 'https://en.wikipedia.org/wiki/Syria_missile_strikes_(January_2021)', 'Casualties: 57 on 13 January, 4 civilians on 22 January, Total – 61', '', '', 'https://w3id.org/conflict-kg/id/claim/2021-01-22-hama-airstrike-wikipedia-killed-infobox'),
            ('2021-01-22-hama-airstrike-wikipedia-first-under-biden', '2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', 'wikipedia', 'Wikipedia', 'superlative', None, '', None, None, None, None, 'asserts', '', None, None, None, None, 'Joe Biden', 'the first Israeli military operation in Syria since Joe Biden took office as US president', '', None, None, '', '', '', '', '', 'wikipedia-syria-missile-strikes-2021-01-airstrikes', 'Syria missile strikes (January 2021) (Wikipedia)', 'https://en.wikipedia.org/wiki/Syria_missile_strikes_(January_2021)#Airstrikes', 'This marked the first time Israel carried out a military operation in Syria since the new US president Joe Biden took office.', '', '', 'https://w3id.org/conflict-kg/id/claim/2021-01-22-hama-airstrike-wikipedia-first-under-biden'),
        ],
    ),
    "commanders": Expected(
        {},
        ('event', 'side', 'commander', 'label', 'position', 'memberOf'),
        [
            ('event:2024-palmyra-offensive', '1', 'actor:abdulrazzaq-abu-khatib', 'Abdulrazzaq Abu Khatib', None, 'actor:suqour-al-sham'),
            ('event:2024-palmyra-offensive', '1', 'actor:salem-turki-al-antri', 'Salem Turki al-Antri', None, None),
            ('event:2024-palmyra-offensive', '2', 'ckg:unknownActor', 'Unknown', None, None),
        ],
    ),
    "conflict-events": Expected(
        {'conflict': 'syrian-civil-war'},
        ('start', 'event', 'label', 'parent'),
        [
            (None, 'event:iran-israel-conflict-in-the-syrian-civil-war', 'Iran–Israel conflict in the Syrian civil war', 'event:syrian-civil-war'),
            ('2021-01-13', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)', 'event:iran-israel-conflict-in-the-syrian-civil-war'),
            ('2024-01-01', 'event:2024-deir-ez-zor-offensive', 'Deir ez-Zor offensive (2024)', 'event:2024-syrian-opposition-offensives'),
            ('2024-01-01', 'event:2024-northwestern-syria-offensive', 'Northwestern Syria offensive (2024)', 'event:2024-syrian-opposition-offensives'),
            ('2024-01-01', 'event:2024-southern-syria-offensive', 'Southern Syria offensive (2024)', 'event:2024-syrian-opposition-offensives'),
            ('2024-01-01', 'event:2024-syrian-opposition-offensives', '2024 Syrian opposition offensives', 'event:syrian-civil-war'),
            ('2024-12-06', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)', 'event:2024-syrian-opposition-offensives'),
            ('2024-12-07', 'event:2024-capture-of-palmyra', 'Capture of Palmyra (7 December 2024)', 'event:2024-palmyra-offensive'),
        ],
    ),
    "contested-range": Expected(
        {},
        ('event', 'measure', 'counted', 'population', 'claimants', 'claims', 'low', 'high', 'spread'),
        [
            ('event:2024-palmyra-offensive', 'measure:fighters', 'counted:person', 'group:syrian-free-army-fighters', '1', '2', '800', '3000', '2200'),
            ('event:2024-palmyra-airstrike', 'measure:killed', 'counted:person', 'all', '3', '4', '36', '108', '72'),
            ('event:2021-01-syria-missile-strikes', 'measure:killed', 'counted:person', 'all', '3', '4', '57', '61', '4'),
            # Like with like: "a family of four" and the infobox's "4 civilians" count different
            # groups, so they are two rows, not one of two claimants.
            ('event:2021-01-22-hama-airstrike', 'measure:killed', 'counted:person', 'group:civilians', '1', '1', '4', '4', '0'),
            ('event:2021-01-22-hama-airstrike', 'measure:killed', 'counted:person', 'group:hama-family', '1', '1', '4', '4', '0'),
            ('event:2021-01-syria-missile-strikes', 'measure:injured', 'counted:person', 'all', '1', '1', '30', '30', '0'),
            ('event:2021-01-syria-missile-strikes', 'measure:strikes', 'counted:person', 'all', '1', '1', '18', '18', '0'),
            ('event:2024-palmyra-airstrike', 'measure:injured', 'counted:person', 'all', '2', '3', '50', '50', '0'),
        ],
    ),
    "denials": Expected(
        {},
        ('event', 'claimant', 'stance', 'measure', 'group', 'text', 'quote', 'claim'),
        [
            ('event:2021-01-syria-missile-strikes', 'actor:ahmad-karimkhani', 'stance:denies', 'measure:killed', 'group:irgc-and-fatemiyoun-members', 'denied the killing of any IRGC and Fatemiyoun members; called reports "fake propaganda"', 'A deputy commander of the Quds Force of the IRGC, Ahmad Karimkhani, rejected some reports and denied the killing of any IRGC and Fatemiyoun members during the raids calling it "fake propaganda".', 'claim:2021-01-syria-missile-strikes-ahmad-karimkhani-denial'),
            ('event:2021-01-syria-missile-strikes', 'actor:liwa-fatemiyoun-commander', 'stance:denies', 'measure:killed', 'group:liwa-fatemiyoun-fighters', 'denied that any Liwa Fatemiyoun fighters were killed; called the claims published by western media false', 'The commander of the Liwa Fatemiyoun denied that any of their fighters were killed in the strikes, saying that only Syrian Army positions were hit. Therefore, he called the claims published by western media false.', 'claim:2021-01-syria-missile-strikes-liwa-fatemiyoun-commander-denial'),
            ('event:2024-palmyra-airstrike', 'actor:israel-defense-forces', 'stance:declines-to-comment', 'measure:perpetrator', None, None, 'The Israel Defense Forces declined to comment on the airstrike.', 'claim:2024-palmyra-airstrike-israel-defense-forces-no-comment'),
        ],
    ),
    "event-claims": Expected(
        {'event': '2024-palmyra-airstrike'},
        ('measure', 'claimant', 'figure', 'min', 'best', 'max', 'qualifier', 'text', 'stance', 'hedge', 'claimDate', 'breakdownOf', 'source', 'claim'),
        [
            ('measure:damage', 'actor:syrian-ministry-of-defense', None, None, None, None, None, 'significant material damage', 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-ministry-of-defense-damage'),
            ('measure:injured', 'actor:syrian-state-media', 'at least 50', '50', None, None, 'qualifier:at-least', None, 'stance:asserts', 'hedge:initially', None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-state-media-injured'),
            ('measure:injured', 'actor:wikipedia', '50+', '50', None, None, 'qualifier:at-least', None, 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-infobox', 'claim:2024-palmyra-airstrike-wikipedia-injured-infobox'),
            ('measure:injured', 'actor:wikipedia', 'more than 50', '50', None, None, 'qualifier:more-than', None, 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-wikipedia-injured-lead'),
            ('measure:killed', 'actor:sohr', 'more than 108', '108', None, None, 'qualifier:more-than', None, 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes'),
            ('measure:killed', 'actor:sohr', '11', '11', '11', '11', 'qualifier:exact', None, 'stance:asserts', None, None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-syrian-militiamen', 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-hezbollah-officers'),
            ('measure:killed', 'actor:sohr', '29', '29', '29', '29', 'qualifier:exact', None, 'stance:asserts', None, None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes', 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-non-syrian-militiamen'),
            ('measure:killed', 'actor:sohr', '73', '73', '73', '73', 'qualifier:exact', None, 'stance:asserts', None, None, 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes', 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-sohr-killed-airstrikes-syrian-militiamen'),
            ('measure:killed', 'actor:sohr', 'at least 108', '108', None, None, 'qualifier:at-least', None, 'stance:asserts', 'hedge:according-to', None, None, 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-sohr-killed-lead'),
            ('measure:killed', 'actor:sohr', '29', '29', '29', '29', 'qualifier:exact', None, 'stance:asserts', 'hedge:according-to', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead', 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-sohr-killed-lead-foreign-militiamen'),
            ('measure:killed', 'actor:sohr', '15', '15', '15', '15', 'qualifier:exact', None, 'stance:asserts', 'hedge:according-to', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead', 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-sohr-killed-lead-hezbollah-militants'),
            ('measure:killed', 'actor:sohr', '73', '73', '73', '73', 'qualifier:exact', None, 'stance:asserts', 'hedge:according-to', None, 'claim:2024-palmyra-airstrike-sohr-killed-lead', 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-sohr-killed-lead-syrian-militiamen'),
            ('measure:killed', 'actor:syrian-state-media', '36', '36', '36', '36', 'qualifier:exact', None, 'stance:asserts', 'hedge:initially', None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-state-media-killed'),
            ('measure:killed', 'actor:wikipedia', '108+', '108', None, None, 'qualifier:at-least', None, 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-infobox', 'claim:2024-palmyra-airstrike-wikipedia-killed-infobox'),
            ('measure:launch-direction', 'actor:syrian-ministry-of-defense', None, None, None, None, None, 'from the direction of the United States military base in Al-Tanf', 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-ministry-of-defense-launch-direction'),
            ('measure:perpetrator', 'actor:israel-defense-forces', None, None, None, None, None, None, 'stance:declines-to-comment', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-israel-defense-forces-no-comment'),
            ('measure:superlative', 'actor:un-deputy-special-envoy-for-syria', None, None, None, None, None, 'the deadliest Israeli strike in Syria to date', 'stance:asserts', 'hedge:likely', None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-un-deputy-special-envoy-superlative'),
            ('measure:target', 'actor:sohr', None, None, None, None, None, 'a weapons depot near the industrial area', 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-sohr-target'),
            ('measure:target', 'actor:syrian-state-media', None, None, None, None, None, 'residential buildings and an industrial area in Palmyra', 'stance:asserts', 'hedge:initially', None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-state-media-target'),
            ('measure:target', 'actor:wikipedia', None, None, None, None, None, 'residential buildings and an industrial area in Palmyra', 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-lead', 'claim:2024-palmyra-airstrike-wikipedia-target-lead'),
            ('measure:time-of-day', 'actor:syrian-ministry-of-defense', None, None, None, None, None, '1:30 p.m.', 'stance:asserts', None, None, None, 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'claim:2024-palmyra-airstrike-syrian-ministry-of-defense-time'),
        ],
    ),
    "event-graph": Expected(
        {'event': '2021-01-22-hama-airstrike'},
        None,
        [
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'rdf:type', 'ckg:Claim'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:about', 'event:2021-01-22-hama-airstrike'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:appliesTo', 'group:children'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:bestValue', '2'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:breakdownOf', 'claim:2021-01-22-hama-airstrike-syrian-state-media-killed'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:claimant', 'actor:syrian-state-media'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:figureText', 'two children'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:hedge', 'hedge:according-to'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:maxValue', '2'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:measure', 'measure:killed'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:minValue', '2'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:qualifier', 'qualifier:exact'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:quote', 'including two children'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-lead'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed-children', 'ckg:stance', 'stance:asserts'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'rdf:type', 'ckg:Claim'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:about', 'event:2021-01-22-hama-airstrike'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:appliesTo', 'group:hama-family'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:bestValue', '4'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:breakdownCompleteness', 'completeness:partial'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:claimant', 'actor:syrian-state-media'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:figureText', 'a family of four'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:hedge', 'hedge:according-to'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:maxValue', '4'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:measure', 'measure:killed'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:minValue', '4'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:qualifier', 'qualifier:exact'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:quote', 'Israel carried out another airstrike in Hama nine days later, killing a family of four, including two children, according to Syrian state media.'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-airstrikes'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-lead'),
            ('claim:2021-01-22-hama-airstrike-syrian-state-media-killed', 'ckg:stance', 'stance:asserts'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'rdf:type', 'ckg:Claim'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:about', 'event:2021-01-22-hama-airstrike'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:claimant', 'actor:wikipedia'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:measure', 'measure:superlative'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:objectValue', 'actor:joe-biden'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:quote', 'This marked the first time Israel carried out a military operation in Syria since the new US president Joe Biden took office.'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-airstrikes'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:stance', 'stance:asserts'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-first-under-biden', 'ckg:textValue', 'the first Israeli military operation in Syria since Joe Biden took office as US president'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'rdf:type', 'ckg:Claim'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:about', 'event:2021-01-22-hama-airstrike'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:appliesTo', 'group:civilians'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:bestValue', '4'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:claimant', 'actor:wikipedia'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:figureText', '4 civilians on 22 January'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:maxValue', '4'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:measure', 'measure:killed'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:minValue', '4'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:qualifier', 'qualifier:exact'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:quote', 'Casualties: 57 on 13 January, 4 civilians on 22 January, Total – 61'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-infobox'),
            ('claim:2021-01-22-hama-airstrike-wikipedia-killed-infobox', 'ckg:stance', 'stance:asserts'),
            ('event:2021-01-22-hama-airstrike', 'rdf:type', 'ckg:Strike'),
            ('event:2021-01-22-hama-airstrike', 'rdfs:label', 'Hama airstrike (22 January 2021)'),
            ('event:2021-01-22-hama-airstrike', 'ckg:datePrecision', 'precision:day'),
            ('event:2021-01-22-hama-airstrike', 'ckg:eventType', 'eventtype:airstrike'),
            ('event:2021-01-22-hama-airstrike', 'ckg:hasParticipation', 'part:2021-01-22-hama-airstrike-israel-perpetrator'),
            ('event:2021-01-22-hama-airstrike', 'ckg:nearLocation', 'place:hama'),
            ('event:2021-01-22-hama-airstrike', 'ckg:quote', 'Israel carried out another airstrike in the country on 22 January 2021, near the city of Hama, killing a family of four, including two children.'),
            ('event:2021-01-22-hama-airstrike', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-airstrikes'),
            ('event:2021-01-22-hama-airstrike', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-infobox'),
            ('event:2021-01-22-hama-airstrike', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-lead'),
            ('event:2021-01-22-hama-airstrike', 'ckg:startDate', '2021-01-22'),
            ('part:2021-01-22-hama-airstrike-israel-perpetrator', 'rdf:type', 'ckg:Participation'),
            ('part:2021-01-22-hama-airstrike-israel-perpetrator', 'ckg:agent', 'actor:israel'),
            ('part:2021-01-22-hama-airstrike-israel-perpetrator', 'ckg:quote', 'Israel carried out another airstrike in the country on 22 January 2021'),
            ('part:2021-01-22-hama-airstrike-israel-perpetrator', 'ckg:role', 'role:perpetrator'),
            ('part:2021-01-22-hama-airstrike-israel-perpetrator', 'ckg:source', 'source:wikipedia-syria-missile-strikes-2021-01-airstrikes'),
        ],
    ),
    "event-relations": Expected(
        {},
        ('event', 'relation', 'other', 'otherLabel'),
        [
            ('event:2018-09-syria-missile-strikes', 'related to', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)'),
            ('event:2019-08-syria-missile-strikes', 'related to', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)'),
            ('event:2019-11-syria-missile-strikes', 'related to', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)'),
            ('event:2021-01-22-hama-airstrike', 'preceded by', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)'),
            ('event:2021-01-syria-missile-strikes', 'followed by', 'event:2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)'),
            ('event:2021-01-syria-missile-strikes', 'related to', 'event:2018-09-syria-missile-strikes', 'Syria missile strikes (September 2018)'),
            ('event:2021-01-syria-missile-strikes', 'related to', 'event:2019-08-syria-missile-strikes', 'Syria missile strikes (August 2019)'),
            ('event:2021-01-syria-missile-strikes', 'related to', 'event:2019-11-syria-missile-strikes', 'Syria missile strikes (November 2019)'),
            ('event:2024-capture-of-damascus', 'preceded by', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
            ('event:2024-deir-ez-zor-offensive', 'related to', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
            ('event:2024-northwestern-syria-offensive', 'followed by', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
            ('event:2024-northwestern-syria-offensive', 'related to', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
            ('event:2024-palmyra-offensive', 'followed by', 'event:2024-capture-of-damascus', 'Capture of Damascus (8 December 2024)'),
            ('event:2024-palmyra-offensive', 'preceded by', 'event:2024-northwestern-syria-offensive', 'Northwestern Syria offensive (2024)'),
            ('event:2024-palmyra-offensive', 'related to', 'event:2024-deir-ez-zor-offensive', 'Deir ez-Zor offensive (2024)'),
            ('event:2024-palmyra-offensive', 'related to', 'event:2024-northwestern-syria-offensive', 'Northwestern Syria offensive (2024)'),
            ('event:2024-palmyra-offensive', 'related to', 'event:2024-southern-syria-offensive', 'Southern Syria offensive (2024)'),
            ('event:2024-palmyra-offensive', 'related to', 'event:2024-syrian-opposition-offensives', '2024 Syrian opposition offensives'),
            ('event:2024-southern-syria-offensive', 'related to', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
            ('event:2024-syrian-opposition-offensives', 'related to', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)'),
        ],
    ),
    "event-sources": Expected(
        {'event': '2024-palmyra-airstrike'},
        ('document', 'section', 'sectionLabel', 'url', 'statements'),
        [
            ('source:wikipedia-2024-palmyra-airstrike', 'source:wikipedia-2024-palmyra-airstrike-airstrikes', 'Airstrikes', 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes', '13'),
            ('source:wikipedia-2024-palmyra-airstrike', 'source:wikipedia-2024-palmyra-airstrike-infobox', 'Infobox', 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', '5'),
            ('source:wikipedia-2024-palmyra-airstrike', 'source:wikipedia-2024-palmyra-airstrike-lead', 'Lead', 'https://en.wikipedia.org/wiki/2024_Palmyra_airstrike', '8'),
        ],
    ),
    "event-timeline": Expected(
        {},
        ('start', 'end', 'precision', 'event', 'label', 'class', 'type'),
        [
            (None, None, None, 'event:iran-israel-conflict-in-the-syrian-civil-war', 'Iran–Israel conflict in the Syrian civil war', 'ckg:Conflict', 'eventtype:proxy-conflict'),
            (None, None, None, 'event:iran-israel-proxy-conflict', 'Iran–Israel proxy conflict', 'ckg:Conflict', 'eventtype:proxy-conflict'),
            ('2011-01-01', None, 'precision:year', 'event:syrian-civil-war', 'Syrian civil war', 'ckg:Conflict', 'eventtype:civil-war'),
            ('2018-09-01', None, 'precision:month', 'event:2018-09-syria-missile-strikes', 'Syria missile strikes (September 2018)', 'ckg:Strike', 'eventtype:missile-strike'),
            ('2019-08-01', None, 'precision:month', 'event:2019-08-syria-missile-strikes', 'Syria missile strikes (August 2019)', 'ckg:Strike', 'eventtype:missile-strike'),
            ('2019-11-01', None, 'precision:month', 'event:2019-11-syria-missile-strikes', 'Syria missile strikes (November 2019)', 'ckg:Strike', 'eventtype:missile-strike'),
            ('2021-01-13', None, 'precision:day', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)', 'ckg:Strike', 'eventtype:airstrike'),
            ('2021-01-13', None, 'precision:day', 'event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)', 'ckg:Strike', 'eventtype:missile-strike'),
            ('2021-01-22', None, 'precision:day', 'event:2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', 'ckg:Strike', 'eventtype:airstrike'),
            ('2023-01-01', None, 'precision:year', 'event:middle-eastern-crisis-2023', 'Middle Eastern crisis (2023–present)', 'ckg:Conflict', 'eventtype:regional-crisis'),
            ('2023-10-07', None, 'precision:day', 'event:gaza-war', 'Gaza war', 'ckg:Conflict', 'eventtype:war'),
            ('2024-01-01', None, 'precision:year', 'event:2024-deir-ez-zor-offensive', 'Deir ez-Zor offensive (2024)', 'ckg:Offensive', 'eventtype:offensive'),
            ('2024-01-01', None, 'precision:year', 'event:2024-northwestern-syria-offensive', 'Northwestern Syria offensive (2024)', 'ckg:Offensive', 'eventtype:offensive'),
            ('2024-01-01', None, 'precision:year', 'event:2024-southern-syria-offensive', 'Southern Syria offensive (2024)', 'ckg:Offensive', 'eventtype:offensive'),
            ('2024-01-01', None, 'precision:year', 'event:2024-syrian-opposition-offensives', '2024 Syrian opposition offensives', 'ckg:Conflict', 'eventtype:campaign'),
            ('2024-11-20', None, 'precision:day', 'event:2024-palmyra-airstrike', '2024 Palmyra airstrike', 'ckg:Strike', 'eventtype:airstrike'),
            ('2024-12-06', '2024-12-07', 'precision:day', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)', 'ckg:Offensive', 'eventtype:offensive'),
            ('2024-12-07', None, 'precision:day', 'event:2024-capture-of-palmyra', 'Capture of Palmyra (7 December 2024)', 'ckg:MilitaryEvent', 'eventtype:capture'),
            ('2024-12-08', None, 'precision:day', 'event:2024-capture-of-damascus', 'Capture of Damascus (8 December 2024)', 'ckg:MilitaryEvent', 'eventtype:capture'),
        ],
    ),
    "events-by-place": Expected(
        {'place': 'homs-governorate'},
        ('start', 'event', 'label', 'relation', 'location'),
        [
            ('2024-11-20', 'event:2024-palmyra-airstrike', '2024 Palmyra airstrike', 'location', 'place:palmyra'),
            ('2024-12-06', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)', 'location', 'place:eastern-homs-governorate'),
            ('2024-12-06', 'event:2024-palmyra-offensive', 'Palmyra offensive (2024)', 'location', 'place:palmyra'),
            ('2024-12-07', 'event:2024-capture-of-palmyra', 'Capture of Palmyra (7 December 2024)', 'location', 'place:palmyra'),
        ],
    ),
    "figures-as-of": Expected(
        {'asof': '2021-01-13'},
        ('event', 'measure', 'counted', 'population', 'claimant', 'claimDate', 'figure', 'min', 'best', 'max', 'claim'),
        [
            ('event:2021-01-syria-missile-strikes', 'measure:injured', 'counted:person', 'all', 'actor:unnamed-reports', '2021-01-13', 'around 30', None, '30', None, 'claim:2021-01-syria-missile-strikes-unnamed-reports-injured-first'),
            ('event:2021-01-syria-missile-strikes', 'measure:killed', 'counted:person', 'all', 'actor:unnamed-reports', '2021-01-13', '57', '57', '57', '57', 'claim:2021-01-syria-missile-strikes-unnamed-reports-killed-adjusted'),
        ],
    ),
    "is-contested": Expected(
        {'event': '2024-palmyra-airstrike'},
        None,
        True,
    ),
    "participants": Expected(
        {'event': '2024-palmyra-offensive'},
        ('side', 'role', 'agent', 'label', 'supportKind', 'supports', 'hedge', 'evidencedBy', 'from', 'until', 'fate', 'participation'),
        [
            (None, 'role:combatant', 'actor:al-antri-former-tank-unit', "Al-Antri's former tank unit", None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-al-antri-former-tank-unit-combatant'),
            (None, 'role:combatant', 'actor:hezbollah', 'Hezbollah', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-hezbollah-combatant'),
            (None, 'role:supporter', 'actor:united-states', 'United States', 'support:logistical', 'actor:suqour-al-sham', 'hedge:reportedly', None, None, None, None, 'part:2024-palmyra-offensive-united-states-supporter'),
            (None, 'role:supporter', 'actor:united-states', 'United States', 'support:logistical', 'actor:syrian-free-army', 'hedge:reportedly', None, None, None, None, 'part:2024-palmyra-offensive-united-states-supporter'),
            ('1', 'role:combatant', 'actor:suqour-al-sham', 'Suqour al-Sham Brigades', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-suqour-al-sham-combatant-side-1'),
            ('1', 'role:combatant', 'actor:syrian-free-army', 'Syrian Free Army', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-syrian-free-army-combatant-side-1'),
            ('1', 'role:commander', 'actor:abdulrazzaq-abu-khatib', 'Abdulrazzaq Abu Khatib', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-abdulrazzaq-abu-khatib-commander-side-1'),
            ('1', 'role:commander', 'actor:salem-turki-al-antri', 'Salem Turki al-Antri', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-salem-turki-al-antri-commander-side-1'),
            ('1', 'role:supporter', 'actor:suqour-al-sham', 'Suqour al-Sham Brigades', None, 'actor:syrian-free-army', None, None, None, None, None, 'part:2024-palmyra-offensive-suqour-al-sham-supporter'),
            ('2', 'role:combatant', 'actor:syrian-arab-army', 'Syrian Arab Army', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-syrian-arab-army-combatant-side-2'),
            ('2', 'role:combatant', 'actor:syrian-armed-forces', 'Syrian Armed Forces', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-syrian-armed-forces-combatant-side-2'),
            ('2', 'role:combatant', 'actor:syrian-government', 'Syrian government', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-syrian-government-combatant-side-2'),
            ('2', 'role:commander', 'ckg:unknownActor', 'Unknown', None, None, None, None, None, None, None, 'part:2024-palmyra-offensive-unknown-commander-side-2'),
        ],
    ),
    "place-hierarchy": Expected(
        {},
        ('place', 'label', 'type', 'within', 'wkt'),
        [
            ('place:abu-kamal', 'Abu Kamal', 'placetype:city', 'place:deir-ez-zor-governorate', 'POINT(40.92 34.45)'),
            ('place:abu-kamal', 'Abu Kamal', 'placetype:city', 'place:syria', 'POINT(40.92 34.45)'),
            ('place:abu-kamal-district', 'Abu Kamal District', 'placetype:district', 'place:deir-ez-zor-governorate', None),
            ('place:abu-kamal-district', 'Abu Kamal District', 'placetype:district', 'place:syria', None),
            ('place:al-tanf', 'Al-Tanf', 'placetype:region', None, None),
            ('place:al-tanf-base', 'United States military base in Al-Tanf', 'placetype:military-base', 'place:al-tanf', None),
            ('place:al-tanf-deconfliction-zone', 'Al-Tanf deconfliction zone', 'placetype:zone', 'place:al-tanf', None),
            ('place:central-syria', 'central Syria', 'placetype:region', 'place:syria', None),
            ('place:damascus', 'Damascus', 'placetype:city', 'place:syria', 'POINT(36.29 33.51)'),
            ('place:deir-ez-zor', 'Deir ez-Zor', 'placetype:city', 'place:deir-ez-zor-governorate', 'POINT(40.15 35.33)'),
            ('place:deir-ez-zor', 'Deir ez-Zor', 'placetype:city', 'place:syria', 'POINT(40.15 35.33)'),
            ('place:deir-ez-zor-district', 'Deir ez-Zor District', 'placetype:district', 'place:deir-ez-zor-governorate', None),
            ('place:deir-ez-zor-district', 'Deir ez-Zor District', 'placetype:district', 'place:syria', None),
            ('place:deir-ez-zor-governorate', 'Deir ez-Zor Governorate', 'placetype:governorate', 'place:syria', None),
            ('place:eastern-homs-governorate', 'eastern Homs Governorate', 'placetype:region', 'place:homs-governorate', None),
            ('place:eastern-homs-governorate', 'eastern Homs Governorate', 'placetype:region', 'place:syria', None),
            ('place:eastern-syria', 'eastern Syria', 'placetype:region', 'place:syria', None),
            ('place:hama', 'Hama', 'placetype:city', 'place:syria', 'POINT(36.75 35.13)'),
            ('place:homs-governorate', 'Homs Governorate', 'placetype:governorate', 'place:syria', None),
            ('place:iraq', 'Iraq', 'placetype:country', None, None),
            ('place:jordan', 'Jordan', 'placetype:country', None, None),
            ('place:lebanon', 'Lebanon', 'placetype:country', None, None),
            ('place:mayadin', 'Mayadin', 'placetype:city', 'place:deir-ez-zor-governorate', 'POINT(40.45 35.02)'),
            ('place:mayadin', 'Mayadin', 'placetype:city', 'place:syria', 'POINT(40.45 35.02)'),
            ('place:mayadin-district', 'Mayadin District', 'placetype:district', 'place:deir-ez-zor-governorate', None),
            ('place:mayadin-district', 'Mayadin District', 'placetype:district', 'place:syria', None),
            ('place:northwestern-syria', 'northwestern Syria', 'placetype:region', 'place:syria', None),
            ('place:palmyra', 'Palmyra', 'placetype:city', 'place:central-syria', 'POINT(38.28 34.56)'),
            ('place:palmyra', 'Palmyra', 'placetype:city', 'place:eastern-homs-governorate', 'POINT(38.28 34.56)'),
            ('place:palmyra', 'Palmyra', 'placetype:city', 'place:homs-governorate', 'POINT(38.28 34.56)'),
            ('place:palmyra', 'Palmyra', 'placetype:city', 'place:syria', 'POINT(38.28 34.56)'),
            ('place:southern-syria', 'southern Syria', 'placetype:region', 'place:syria', None),
            ('place:syria', 'Syria', 'placetype:country', None, None),
            ('place:syria-iraq-border', 'Syria–Iraq border', 'placetype:border-area', None, None),
            ('place:tiyas-air-base', 'Tiyas Air Base', 'placetype:air-base', None, None),
            ('place:united-kingdom', 'United Kingdom', 'placetype:country', None, None),
            ('place:united-states', 'United States', 'placetype:country', None, None),
            ('place:washington-dc', 'Washington, D.C.', 'placetype:city', 'place:united-states', 'POINT(-77.04 38.90)'),
        ],
    ),
    "revision-chains": Expected(
        {},
        ('event', 'measure', 'claimant', 'step', 'figure', 'best', 'claimDate', 'revises', 'claim'),
        [
            ('event:2021-01-syria-missile-strikes', 'measure:killed', 'actor:unnamed-reports', '0', '23', '23', '2021-01-13', None, 'claim:2021-01-syria-missile-strikes-unnamed-reports-killed-first'),
            ('event:2021-01-syria-missile-strikes', 'measure:killed', 'actor:unnamed-reports', '1', '57', '57', '2021-01-13', 'claim:2021-01-syria-missile-strikes-unnamed-reports-killed-first', 'claim:2021-01-syria-missile-strikes-unnamed-reports-killed-adjusted'),
        ],
    ),
    "single-source-violation": Expected(
        {},
        ('event', 'label', 'documents', 'document'),
        [
            ('event:2018-09-syria-missile-strikes', 'Syria missile strikes (September 2018)', '1', 'source:wikipedia-syria-missile-strikes-2021-01'),
            ('event:2019-08-syria-missile-strikes', 'Syria missile strikes (August 2019)', '1', 'source:wikipedia-syria-missile-strikes-2021-01'),
            ('event:2019-11-syria-missile-strikes', 'Syria missile strikes (November 2019)', '1', 'source:wikipedia-syria-missile-strikes-2021-01'),
            ('event:2021-01-22-hama-airstrike', 'Hama airstrike (22 January 2021)', '1', 'source:wikipedia-syria-missile-strikes-2021-01'),
            ('event:2021-01-syria-missile-strikes', 'Syria missile strikes (January 2021)', '1', 'source:wikipedia-syria-missile-strikes-2021-01'),
            ('event:2024-capture-of-damascus', 'Capture of Damascus (8 December 2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
            ('event:2024-capture-of-palmyra', 'Capture of Palmyra (7 December 2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
            ('event:2024-deir-ez-zor-offensive', 'Deir ez-Zor offensive (2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
            ('event:2024-northwestern-syria-offensive', 'Northwestern Syria offensive (2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
            ('event:2024-palmyra-airstrike', '2024 Palmyra airstrike', '1', 'source:wikipedia-2024-palmyra-airstrike'),
            ('event:2024-palmyra-offensive', 'Palmyra offensive (2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
            ('event:2024-southern-syria-offensive', 'Southern Syria offensive (2024)', '1', 'source:wikipedia-palmyra-offensive-2024'),
        ],
    ),
    "statement-provenance": Expected(
        {"node": "2024-northwestern-syria-offensive"},
        ('property', 'value', 'section', 'quote', 'submission', 'submittedBy', 'submittedAt', 'record'),
        [
            # The curated data has no enrichment; tests/submission/test_enrich.py runs it after one lands.
        ],
    ),
    "submissions-adding-claims": Expected(
        {"event": "2024-palmyra-airstrike"},
        ('submission', 'submittedBy', 'submittedAt', 'contentHash', 'claim'),
        [
            # The curated data has no submission; tests/test_submit.py runs it after one lands.
        ],
    ),
    "support-and-backing": Expected(
        {},
        ('supporter', 'supported', 'relation', 'event', 'supportKind', 'hedge'),
        [
            ('actor:iran', 'actor:harakat-hezbollah-al-nujaba', 'backs', None, None, None),
            ('actor:iran', 'group:foreign-iranian-backed-militiamen', 'backs', None, None, None),
            ('actor:iran', 'group:iran-backed-fighters', 'backs', None, None, None),
            ('actor:iran', 'group:iranian-backed-factions', 'backs', None, None, None),
            ('actor:iran', 'group:iranian-backed-syrian-militiamen', 'backs', None, None, None),
            ('actor:suqour-al-sham', 'actor:syrian-free-army', 'supports', 'event:2024-palmyra-offensive', None, None),
            ('actor:united-states', 'actor:syrian-free-army', 'backs', None, None, None),
            ('actor:united-states', 'actor:israel', 'supports', 'event:2021-01-syria-missile-strikes', 'support:intelligence', None),
            ('actor:united-states', 'actor:suqour-al-sham', 'supports', 'event:2024-palmyra-offensive', 'support:logistical', 'hedge:reportedly'),
            ('actor:united-states', 'actor:syrian-free-army', 'supports', 'event:2024-palmyra-offensive', 'support:logistical', 'hedge:reportedly'),
        ],
    ),
    "unit-hierarchy": Expected(
        {},
        ('unit', 'unitLabel', 'above', 'aboveLabel', 'levels'),
        [
            ('actor:quds-force', 'Quds Force', 'actor:irgc', 'IRGC', '1'),
            ('actor:sfa-jordan-trained-unit', 'SFA unit trained in Jordan by British forces', 'actor:syrian-free-army', 'Syrian Free Army', '1'),
            ('actor:syrian-arab-army', 'Syrian Arab Army', 'actor:syrian-armed-forces', 'Syrian Armed Forces', '1'),
            ('actor:syrian-ministry-of-defense', 'Syrian Ministry of Defense', 'actor:syrian-government', 'Syrian government', '1'),
            ('actor:un-security-council', 'UN Security Council', 'actor:united-nations', 'United Nations', '1'),
        ],
    ),
    "unsourced-violation": Expected(
        {},
        ('node', 'problem'),
        [
        ],
    ),
}


@pytest.fixture(scope="module")
def embedded_store(embedded_build):
    return store.open_store(embedded_build)


def run(q, params, engine):
    return engine(sparql.prepare_stored(q), library.bind(q.params, params, query_name=q.name))


def test_every_stored_query_has_expected_rows(project):
    assert sorted(library.library(project)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_stored_query_rows(name, project_copy, embedded_store):
    q = library.find(project_copy, name)
    expected = EXPECTED[name]
    result = run(q, expected.params, lambda prep, b: sparql.run_pyoxigraph(embedded_store, prep, b))
    if result.kind == "ask":
        assert result.boolean is expected.rows
    elif result.kind == "graph":
        got = sorted((short(t.subject), short(t.predicate), short(t.object)) for t in result.triples)
        assert got == sorted(expected.rows)
    else:
        assert tuple(result.variables) == expected.columns
        assert [tuple(short(x) for x in row) for row in result.rows] == expected.rows


def test_ask_query_can_be_false(project_copy, embedded_store):
    q = library.find(project_copy, "is-contested")
    result = run(q, {"event": "2024-capture-of-damascus"}, lambda p, b: sparql.run_pyoxigraph(embedded_store, p, b))
    assert result.boolean is False


def test_figures_as_of_a_date_before_any_claim_is_empty(project_copy, embedded_store):
    q = library.find(project_copy, "figures-as-of")
    result = run(q, {"asof": "2021-01-12"}, lambda p, b: sparql.run_pyoxigraph(embedded_store, p, b))
    assert result.rows == []


# --------------------------------------------------------------------------------------------
# Cross-engine: embedded store (worker process), rdflib, and a real Oxigraph server
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pushed_server(oxigraph_server, project_copy, embedded_build):
    """The Oxigraph server, loaded the way docs/deploying.md says: conflictkg push."""
    from conflictkg.query.remote import push

    reports = push(project_copy, embedded_build, f"{oxigraph_server}/store")
    assert reports[0].status in (200, 201, 204)
    return f"{oxigraph_server}/query"


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_same_results_embedded_rdflib_and_remote(name, project_copy, embedded_build, rdflib_graph, pushed_server):
    q = library.find(project_copy, name)
    params = EXPECTED[name].params
    limits = sparql.Limits(timeout=60)
    embedded = run(q, params, lambda p, b: sparql.run_embedded(embedded_build, p, b, limits))
    on_rdflib = run(q, params, lambda p, b: sparql.run_rdflib(rdflib_graph, p, b))
    remote = run(q, params, lambda p, b: sparql.run_remote(pushed_server, p, b, limits))
    assert normalise(embedded) == normalise(on_rdflib)
    assert normalise(embedded) == normalise(remote)
    # And none of them is trivially empty where the curated data has answers.
    if isinstance(EXPECTED[name].rows, list) and EXPECTED[name].rows:
        assert normalise(embedded)[1] if embedded.kind == "select" else normalise(embedded)


PLANTED = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .
@prefix part: <https://w3id.org/conflict-kg/id/participation/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix measure: <https://w3id.org/conflict-kg/vocab/measure/> .
@prefix role: <https://w3id.org/conflict-kg/vocab/role/> .
event:planted a ckg:Strike ; ckg:hasParticipation part:planted .
part:planted a ckg:Participation ; ckg:agent actor:israel .
claim:planted a ckg:Claim ; ckg:about event:planted ; ckg:claimant actor:sohr ; ckg:measure measure:killed .
"""


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_data_quality_queries_find_planted_problems(engine, project_copy):
    """The curated data has none of these problems; a planted event, claim and participation do."""
    import pyoxigraph as ox
    from rdflib import Graph

    text = (project_copy.root / "ontology" / "conflict-kg.ttl").read_text()
    if engine == "pyoxigraph":
        st = ox.Store()
        st.load(input=text + PLANTED, format=ox.RdfFormat.TURTLE)
        execute = lambda p, b: sparql.run_pyoxigraph(st, p, b)  # noqa: E731
    else:
        g = Graph()
        g.parse(data=text + PLANTED, format="turtle")
        execute = lambda p, b: sparql.run_rdflib(g, p, b)  # noqa: E731
    unsourced = run(library.find(project_copy, "unsourced-violation"), {}, execute)
    assert [tuple(short(x) for x in row) for row in unsourced.rows] == [
        ("claim:planted", "no ckg:quote"),
        ("claim:planted", "no ckg:source"),
        ("part:planted", "no ckg:role"),
        ("part:planted", "no ckg:source"),
    ]
    single = run(library.find(project_copy, "single-source-violation"), {}, execute)
    assert [tuple(short(x) for x in row) for row in single.rows] == [("event:planted", None, "0", None)]


# --------------------------------------------------------------------------------------------
# The claims table: cells that join several values, on each engine and under any hash seed
# --------------------------------------------------------------------------------------------

MULTI = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix source: <https://w3id.org/conflict-kg/id/source/> .
@prefix measure: <https://w3id.org/conflict-kg/vocab/measure/> .
event:one a ckg:Strike ; rdfs:label "Event one"@en .
event:two a ckg:Strike ; rdfs:label "Event two" .
actor:zeta a ckg:Monitor ; rdfs:label "Zeta"@en .
actor:alpha a ckg:Monitor ; rdfs:label "Alpha" .
actor:mid a ckg:Monitor ; rdfs:label "Mu"@en , "Mid" .
source:doc a ckg:Document ; rdfs:label "The report" ; ckg:url "https://example.org/report" .
source:doc-b a ckg:Section ; ckg:sectionOf source:doc .
source:doc-a a ckg:Section ; ckg:sectionOf source:doc ; ckg:url "https://example.org/report#a" .
source:other a ckg:Document ; rdfs:label "Another" ; ckg:url "https://example.org/another" .
claim:c1 a ckg:Claim ; ckg:about event:one ; ckg:claimant actor:zeta , actor:alpha , actor:mid ;
    ckg:measure measure:killed , measure:injured ; ckg:source source:other , source:doc-b , source:doc-a ;
    ckg:quote "second" , "first" ; ckg:minValue 3 .
claim:c2 a ckg:Claim ; ckg:about event:two , event:one ; ckg:claimant actor:alpha ; ckg:measure measure:killed .
claim:c3 a ckg:Claim ; ckg:claimant actor:zeta , actor:alpha ; ckg:measure measure:killed .
claim:c4 a ckg:Claim ; ckg:about event:two ; ckg:claimant actor:mid ; ckg:revises claim:c1 .
"""
MULTI_COLUMNS = ("claim_id", "event_id", "event_label", "claimant_id", "claimant", "measure", "source_id",
                 "source_document", "source_url", "quote", "revised_by")
MULTI_ROWS = {
    "c1": ("c1", "one", "Event one", "alpha; mid; mid; zeta", "Alpha; Mid; Mu; Zeta", "injured; killed",
           "doc-a; doc-b; other", "The report; Another", "https://example.org/report#a; https://example.org/report; https://example.org/another",
           "first; second", "c4"),
    "c2": ("c2", "one; two", "Event one; Event two", "alpha", "Alpha", "killed", "", "", "", "", ""),
    "c3": ("c3", "", "", "alpha; zeta", "Alpha; Zeta", "killed", "", "", "", "", ""),
    "c4": ("c4", "two", "Event two", "mid; mid", "Mid; Mu", "", "", "", "", "", ""),
}
RDFLIB_CLAIMS = """
import json, sys
from rdflib import Graph
from conflictkg.core.paths import Project
from conflictkg.query import library, sparql
from pathlib import Path
g = Graph()
g.parse(data=sys.stdin.read(), format="turtle")
q = library.find(Project(Path(sys.argv[1])), "claims")
out = {}
for event in ("one", "two", None):
    bindings = library.bind(q.params, {"event": event} if event else {}, query_name="claims")
    result = sparql.run_rdflib(g, sparql.prepare_stored(q), bindings)
    out[event or ""] = [dict(zip(result.variables, (None if t is None else t.value for t in row))) for row in result.rows]
print(json.dumps(out))
"""



def multi_project(folder) -> "Project":
    """A project of the ontology, the stored queries and MULTI as its data, for the engines' tests."""
    import shutil

    from conflictkg.core.paths import Project

    shutil.copytree(ROOT / "ontology", folder / "ontology")
    shutil.copytree(ROOT / "queries", folder / "queries")
    (folder / "data").mkdir()
    (folder / "data" / "multi.ttl").write_text(MULTI, encoding="utf-8")
    return Project(folder)


MULTI_EVENTS = ("one", "two", None)  # None: the whole table

def _claims_rows(rows, columns=MULTI_COLUMNS):
    return [tuple(row[c] for c in columns) for row in rows]


def test_claims_cells_join_values_in_one_order_on_every_engine_and_hash_seed(project):
    """Each cell that joins several values joins them in the order of their IRIs (then labels) on
    the embedded store and on rdflib under three PYTHONHASHSEEDs, for one event, for another and
    for the whole graph; a claim about two events is in both, and one about none is in the whole
    graph's table. (rdflib once joined them in hash order once the event was bound in each
    sub-SELECT.)"""
    import json
    import os
    import subprocess
    import sys

    import pyoxigraph as ox

    st = ox.Store()
    st.load(input=MULTI, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://example.org/g"))
    q = library.find(project, "claims")
    embedded = {}
    for event in ("one", "two", None):
        bindings = library.bind(q.params, {"event": event} if event else {}, query_name="claims")
        result = sparql.run_pyoxigraph(st, sparql.prepare_stored(q), bindings)
        embedded[event or ""] = [dict(zip(result.variables, (None if t is None else t.value for t in row)))
                                 for row in result.rows]
    rows = MULTI_ROWS
    assert _claims_rows(embedded["one"]) == [rows["c1"], rows["c2"]]
    assert _claims_rows(embedded["two"]) == [rows["c2"], rows["c4"]]
    assert _claims_rows(embedded[""]) == [rows["c3"], rows["c1"], rows["c2"], rows["c4"]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    for seed in ("0", "1", "2"):
        done = subprocess.run([sys.executable, "-c", RDFLIB_CLAIMS, str(project.root)], input=MULTI, text=True,
                              capture_output=True, env={**env, "PYTHONHASHSEED": seed}, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout) == embedded, f"rdflib under PYTHONHASHSEED={seed}"
