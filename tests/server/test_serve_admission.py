"""`conflictkg.server.admission.ValidationGate`: who gets a validation slot, in what order, and who
is turned away (429, 503) rather than left waiting forever."""

from __future__ import annotations

import asyncio

import pytest

from conflictkg.server.admission import Busy, ValidationGate


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def settle():
    for _ in range(10):
        await asyncio.sleep(0)


async def admitted_in_order(gate: ValidationGate, log: list, name: str, trusted: bool, release: asyncio.Event):
    async with gate.slot(trusted=trusted):
        log.append(name)
        await release.wait()


def test_a_waiting_write_is_admitted_before_dry_runs_that_waited_longer():
    async def scenario():
        gate = ValidationGate(slots=2, queue=8, wait=30)
        log: list[str] = []
        hold, go = asyncio.Event(), asyncio.Event()
        holders = [asyncio.create_task(admitted_in_order(gate, log, f"holder{i}", False, hold)) for i in range(2)]
        await settle()
        assert log == ["holder0", "holder1"] and gate.running == 2
        # Both slots taken: three anonymous dry runs queue, then a token holder's write.
        waiters = [asyncio.create_task(admitted_in_order(gate, log, f"dry{i}", False, go)) for i in range(3)]
        await settle()
        waiters.append(asyncio.create_task(admitted_in_order(gate, log, "write", True, go)))
        await settle()
        assert gate.waiting == 4 and log == ["holder0", "holder1"]
        hold.set()  # both holders finish: two slots free up
        await settle()
        assert log == ["holder0", "holder1", "write", "dry0"]  # the write first, then the oldest dry run
        go.set()
        await asyncio.gather(*holders, *waiters)
        assert log[4:] == ["dry1", "dry2"] and gate.running == 0 and gate.waiting == 0

    run(scenario())


def test_writes_among_themselves_and_dry_runs_among_themselves_keep_their_order():
    async def scenario():
        gate = ValidationGate(slots=1, queue=8, wait=30)
        log: list[str] = []
        hold, go = asyncio.Event(), asyncio.Event()
        holder = asyncio.create_task(admitted_in_order(gate, log, "holder", False, hold))
        await settle()
        names = [("dry0", False), ("write0", True), ("dry1", False), ("write1", True)]
        tasks = []
        for name, trusted in names:
            tasks.append(asyncio.create_task(admitted_in_order(gate, log, name, trusted, go)))
            await settle()
        go.set()
        hold.set()
        await asyncio.gather(holder, *tasks)
        assert log == ["holder", "write0", "write1", "dry0", "dry1"]

    run(scenario())


def test_a_full_queue_turns_dry_runs_away_with_503_but_not_writes():
    async def scenario():
        gate = ValidationGate(slots=1, queue=2, wait=30)
        log: list[str] = []
        hold = asyncio.Event()
        tasks = [asyncio.create_task(admitted_in_order(gate, log, f"a{i}", False, hold)) for i in range(3)]
        await settle()
        assert gate.running == 1 and gate.waiting == 2
        with pytest.raises(Busy) as caught:
            async with gate.slot(trusted=False):
                pass
        assert caught.value.status == 503 and caught.value.retry_after >= 1 and "queue" in caught.value.message
        write = asyncio.create_task(admitted_in_order(gate, log, "write", True, hold))  # a write still queues
        await settle()
        assert gate.waiting == 3
        hold.set()
        await asyncio.gather(*tasks, write)
        assert log == ["a0", "write", "a1", "a2"]

    run(scenario())


def test_nobody_waits_forever_for_a_slot():
    async def scenario():
        gate = ValidationGate(slots=1, queue=8, wait=0.2)
        hold = asyncio.Event()
        holder = asyncio.create_task(admitted_in_order(gate, [], "holder", True, hold))
        await settle()
        for trusted in (False, True):
            with pytest.raises(Busy) as caught:
                async with gate.slot(trusted=trusted):
                    pass
            assert caught.value.status == 503 and caught.value.retry_after >= 1
        assert gate.waiting == 0  # the ones that gave up left the queue
        hold.set()
        await holder
        async with gate.slot(trusted=False):  # and the slot is there for the next
            assert gate.running == 1

    run(scenario())


def test_a_cancelled_waiter_gives_its_slot_on():
    async def scenario():
        gate = ValidationGate(slots=1, queue=8, wait=30)
        log: list[str] = []
        hold, go = asyncio.Event(), asyncio.Event()
        holder = asyncio.create_task(admitted_in_order(gate, log, "holder", False, hold))
        await settle()
        gone = asyncio.create_task(admitted_in_order(gate, log, "gone", True, go))
        after = asyncio.create_task(admitted_in_order(gate, log, "after", False, go))
        await settle()
        hold.set()
        gone.cancel()  # its client left just as the slot became its own
        go.set()
        await asyncio.gather(holder, after)
        with pytest.raises(asyncio.CancelledError):
            await gone
        assert log == ["holder", "after"] and gate.running == 0

    run(scenario())


def test_each_client_has_a_few_anonymous_validations_at_once():
    async def scenario():
        gate = ValidationGate(slots=2, queue=8, wait=30, per_client=2)
        async with gate.client("10.0.0.1"):
            async with gate.client("10.0.0.1"):
                with pytest.raises(Busy) as caught:
                    async with gate.client("10.0.0.1"):
                        pass
                assert caught.value.status == 429 and caught.value.retry_after >= 1
                async with gate.client("10.0.0.2"):  # another client is not held up
                    pass
        async with gate.client("10.0.0.1"):  # and its own are back once done
            pass
        assert gate.clients == {}

    run(scenario())
