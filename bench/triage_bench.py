#!/usr/bin/env python3
"""Triage benchmark: prints figures, asserts nothing.

On the shipped labelled set (``bench/data/triage_tickets.jsonl``), a model
trained on 80 % and tested on the held-out 20 %:

1. accuracy and macro-F1 per field (category, priority, team); coverage
   (share at or above the 0.8 threshold) and accuracy of high-confidence
   predictions;
2. sentiment accuracy per language on the labelled customer messages
   (five levels, and polarity: negative / neutral / positive);
3. prediction latency per ticket, p50/p95 (one ticket per call, as on the
   portal: text cleaning, language, sentiment and the three predictions);
4. training time for 50,000 tickets (the generator's templates with another
   seed: the same phrasing, reshuffled and recombined);
5. in Odoo: ticket creation cost with triage on against off, CPU ms per
   ticket (this process and its PostgreSQL backend), measured in the same
   run with the two modes interleaved, one ticket per ``create`` and in
   batches; everything rolled back.

    python3 bench/triage_bench.py [--database cs_bench_triage] [--train-size 50000] [--rounds 5] [--no-odoo]
"""

import argparse
import importlib.util
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchlib import prepare_database, run_in_shell

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "triage_tickets.jsonl"
ENGINE = ROOT / "customer_success_sla" / "engine"


def load_engine():
    """The addon's engine without Odoo (as the pytest suite loads it)."""
    if "cs_engine" not in sys.modules:
        spec = importlib.util.spec_from_file_location("cs_engine", ENGINE / "__init__.py",
                                                      submodule_search_locations=[str(ENGINE)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["cs_engine"] = module
        spec.loader.exec_module(module)
    import cs_engine.sentiment as sentiment
    import cs_engine.triage as triage

    return triage, sentiment


def samples_of(triage, rows):
    return [{"text": triage.ticket_text(r["subject"], r["description"]), "category": r["category"],
             "priority": r["priority"], "team": r["team"]} for r in rows]


def quality(triage, rows):
    samples = samples_of(triage, rows)
    model, report = triage.train(samples)
    print(f"== Held-out quality ({report['sample_count']} tickets, "
          f"{len(triage.split(samples)[1])} tested; threshold {triage.DEFAULT_THRESHOLD})")
    print(f"  {'field':<10}{'accuracy':>10}{'macro-F1':>10}{'high cov.':>11}{'high acc.':>11}"
          f"{'medium':>9}  switched on / why not")
    for field in triage.FIELDS:
        m = report["metrics"][field]
        why = "on" if field in report["enabled"] else "; ".join(code for code, _d in report["reasons"][field])
        print(f"  {field:<10}{m['accuracy']:>10.3f}{m['macro_f1']:>10.3f}{m['high_share']:>11.1%}"
              f"{(m['high_accuracy'] or 0):>11.1%}{m['medium_share']:>9.1%}  {why}")
    print(f"  training on {report['sample_count']} tickets: {report['seconds']:.1f} s")
    return model, samples


def sentiment_accuracy(sentiment, rows):
    labelled = [r for r in rows if r.get("sentiment")]

    def polarity(name):
        return "negative" if "negative" in name else "positive" if "positive" in name else "neutral"

    by_language = defaultdict(lambda: [0, 0, 0])
    for row in labelled:
        predicted = sentiment.level(sentiment.sentiment(row["message"]))
        stats = by_language[row["message_language"]]
        stats[0] += 1
        stats[1] += predicted == row["sentiment"]
        stats[2] += polarity(predicted) == polarity(row["sentiment"])
    print(f"== Sentiment ({len(labelled)} labelled customer messages)")
    print(f"  {'language':<10}{'messages':>10}{'5 levels':>10}{'polarity':>10}")
    total = [0, 0, 0]
    for language in ("zh", "en", "mixed"):
        n, exact, pol = by_language[language]
        total = [total[0] + n, total[1] + exact, total[2] + pol]
        print(f"  {language:<10}{n:>10}{exact / n:>10.1%}{pol / n:>10.1%}")
    print(f"  {'all':<10}{total[0]:>10}{total[1] / total[0]:>10.1%}{total[2] / total[0]:>10.1%}")


def latency(triage, sentiment, model, rows):
    _train, test = triage.split(rows)
    tickets = [rows[i] for i in test]
    model.predict(["warm up"])
    sentiment.sentiment("warm up 预热")
    times = []
    for row in tickets:
        start = time.perf_counter()
        text = triage.ticket_text(row["subject"], row["description"])
        sentiment.language(text)
        sentiment.sentiment(triage.ticket_text(False, row["description"]))
        model.predict([text])
        times.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    model.predict([triage.ticket_text(r["subject"], r["description"]) for r in tickets])
    batch = (time.perf_counter() - start) * 1000 / len(tickets)
    print(f"== Prediction latency per ticket ({len(tickets)} tickets, one per call)")
    print(f"  p50 {triage.percentile(times, 0.5):.2f} ms, p95 {triage.percentile(times, 0.95):.2f} ms "
          f"(language + sentiment + 3 predictions); batched predictions: {batch:.2f} ms per ticket")
    print(f"  model file: {len(triage.dumps(model)) / 1024:.0f} KiB")


def training_time(triage, size):
    sys.path.insert(0, str(ROOT / "bench" / "data"))
    import make_triage_tickets as generator

    rng = random.Random(50_000)
    rows = [generator.ticket(rng, index) for index in range(size)]
    samples = samples_of(triage, rows)
    start = time.perf_counter()
    _model, report = triage.train(samples)
    seconds = time.perf_counter() - start
    print(f"== Training on {size:,} tickets (80 % trained, 20 % measured)")
    print(f"  {seconds:.1f} s wall; category accuracy {report['metrics']['category']['accuracy']:.3f}, "
          f"high-confidence {report['metrics']['category']['high_share']:.1%}")


CREATE_SCRIPT = r'''
import json, os, time
rows = [json.loads(line) for line in open(os.environ["BENCH_DATA"], encoding="utf-8")]
rounds = int(os.environ["BENCH_ROUNDS"])
batch = int(os.environ["BENCH_BATCH"])
Ticket = env["helpdesk.ticket"]
closed = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
partner = env["res.partner"].create({"name": "Triage bench customer", "is_company": True,
                                     "cs_tier_id": env.ref("customer_success_sla.tier_core").id})
categories = {n: env["helpdesk.ticket.category"].create({"name": n}) for n in sorted({r["category"] for r in rows})}
agents = [env["res.users"].create({"name": f"Bench agent {i}", "login": f"triage_bench_agent_{i}",
                                   "group_ids": [(4, env.ref("customer_success_sla.group_cs_agent").id)]})
          for i in range(3)]
routing = os.environ["BENCH_ROUTING"]
teams = {n: env["helpdesk.ticket.team"].create({"name": n, "cs_assignment_method": routing,
                                                "user_ids": [(6, 0, [a.id for a in agents])]})
         for n in sorted({r["team"] for r in rows})}
train_rows, test_rows = rows[: int(len(rows) * 0.8)], rows[int(len(rows) * 0.8):]
Ticket.with_context(cs_no_triage=True, tracking_disable=True).create([{
    "name": r["subject"], "description": r["description"], "partner_id": partner.id,
    "category_id": categories[r["category"]].id, "team_id": teams[r["team"]].id, "priority": r["priority"],
    "stage_id": closed.id} for r in train_rows])
model = env["cs.triage.model"].create({"name": "Bench"})
start = time.perf_counter()
model.action_train()
train_seconds = time.perf_counter() - start
env.flush_all()
env.cr.execute("SELECT pg_backend_pid()")
backend = env.cr.fetchone()[0]
ticks = os.sysconf("SC_CLK_TCK")

def cpu_seconds():
    with open(f"/proc/{backend}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks

def vals(row):
    return {"name": row["subject"], "description": row["description"], "partner_id": partner.id}

# warm up: load the model into the process cache, jieba, snownlp
Ticket.create([vals(test_rows[0])])
env.flush_all()
results = {"off": {"single": [], "batch": []}, "on": {"single": [], "batch": []}}
position = 0
for round_ in range(rounds):
    for mode in (("off", "on") if round_ % 2 == 0 else ("on", "off")):
        context = {"cs_triage_off": True} if mode == "off" else {}
        for kind, size in (("single", 1), ("batch", batch)):
            chunk = [test_rows[(position + i) % len(test_rows)] for i in range(batch)]
            position += batch
            env.invalidate_all()
            cpu = cpu_seconds()
            if kind == "single":
                for row in chunk:
                    Ticket.with_context(**context).create([vals(row)])
            else:
                Ticket.with_context(**context).create([vals(row) for row in chunk])
            env.flush_all()
            results[mode][kind].append((cpu_seconds() - cpu) * 1000 / len(chunk))
predicted = Ticket.search_count([("partner_id", "=", partner.id), ("cs_predicted_category_id", "!=", False)])
summary = {"results": results, "train_seconds": train_seconds, "active": model.active_model,
           "predicted": predicted, "sample_count": model.sample_count}
env.cr.rollback()
print("BENCH " + json.dumps(summary))
'''


def odoo_creation(database, rounds, batch):
    prepare_database(database)
    for routing, title in (("off", "teams without automatic assignment: the cost of triage itself"),
                           ("balanced", "teams with balanced assignment: routing also runs for the tickets "
                                        "triage gave a team")):
        result = run_in_shell(database, CREATE_SCRIPT, BENCH_DATA=DATA, BENCH_ROUNDS=rounds, BENCH_BATCH=batch,
                              BENCH_ROUTING=routing)
        print_creation(database, rounds, batch, result, title)


def print_creation(database, rounds, batch, result, title):
    print(f"== Ticket creation in Odoo, triage on against off, {title}")
    print(f"   ({database}; model trained in "
          f"{result['train_seconds']:.1f} s on {result['sample_count']} solved tickets, switched on: "
          f"{result['active']}; {rounds} interleaved rounds, {batch} tickets each; "
          f"{result['predicted']} tickets got predictions)")
    for kind, label in (("single", "one ticket per create"), ("batch", f"batches of {batch}")):
        off = sorted(result["results"]["off"][kind])
        on = sorted(result["results"]["on"][kind])
        off_ms, on_ms = off[len(off) // 2], on[len(on) // 2]
        print(f"  {label:<22} off {off_ms:6.1f} ms  on {on_ms:6.1f} ms  ratio {on_ms / off_ms:.2f}x "
              f"(CPU per ticket, median of rounds)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="cs_bench_triage")
    parser.add_argument("--train-size", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--no-odoo", action="store_true", help="skip the Odoo creation measurement")
    args = parser.parse_args()
    triage, sentiment = load_engine()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    model, _samples = quality(triage, rows)
    sentiment_accuracy(sentiment, rows)
    latency(triage, sentiment, model, rows)
    if args.train_size:
        training_time(triage, args.train_size)
    if not args.no_odoo:
        odoo_creation(args.database, args.rounds, args.batch)


if __name__ == "__main__":
    main()
