"""Sofia's figures, measured in one run on one machine: retrieval quality beside baselines, latency,
cold start, ingestion throughput and memory. Prints them; asserts nothing (the machine is shared).

    python -m benchmarks.run            # everything (about 5 minutes on 2 cores)
    python -m benchmarks.run --quick    # skip the 10,000-chunk corpus
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "dev (sample, tuned on)": ROOT / "tests" / "data" / "dev.jsonl",
    "train (fitted on)": ROOT / "benchmarks" / "questions" / "train.jsonl",
    "train2 (fitted on)": ROOT / "benchmarks" / "questions" / "train2.jsonl",
    "train3 (fitted on)": ROOT / "benchmarks" / "questions" / "train3.jsonl",
    "train4 (fitted on)": ROOT / "benchmarks" / "questions" / "train4.jsonl",
    "train5 (fitted on)": ROOT / "benchmarks" / "questions" / "train5.jsonl",
    "held-out (written apart)": ROOT / "tests" / "data" / "heldout.jsonl",
    "fresh (never tuned on)": ROOT / "benchmarks" / "questions" / "fresh.jsonl",
    "blind (never tuned on)": ROOT / "benchmarks" / "questions" / "blind.jsonl",
    "probe (never tuned on)": ROOT / "benchmarks" / "questions" / "probe.jsonl",
    "unseen (never tuned on)": ROOT / "benchmarks" / "questions" / "unseen.jsonl",
    "final (never tuned on)": ROOT / "benchmarks" / "questions" / "final.jsonl",
    "sealed (never tuned on)": ROOT / "benchmarks" / "questions" / "sealed.jsonl",
    "winter (never tuned on, new)": ROOT / "benchmarks" / "questions" / "winter.jsonl",
}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   (n={len(ordered)})"


def plain_bm25(retriever):
    """The measured baseline of the design notes: BM25 over Swedish stems, nothing else."""
    from bot.search.lexical import LexicalIndex, QueryTerm, SwedishAnalyzer, words
    from bot.search.retrieval import lexical_text

    analyzer = SwedishAnalyzer()
    stems = lambda text: [analyzer._stemmer.stemWord(w) for w in words(text)]  # noqa: E731
    index = LexicalIndex(analyzer, [stems(lexical_text(c)) for c in retriever.chunks], k1=1.2, b=0.75)

    def search(question: str, k: int = 10):
        from bot.models import Hit

        scores = index.scores([QueryTerm(word=s, alternatives={s: 1.0}) for s in stems(question)])
        order = scores.argsort()[::-1][:k]
        return [Hit(retriever.chunks[i], float(scores[i])) for i in order if scores[i] > 0]

    return search


def retrieval_table(services) -> None:
    from bot.answers.evaluation import evaluate, gold_rank, load_questions

    retriever = services.knowledge.retriever
    bm25 = plain_bm25(retriever)
    systems = {
        "Sofia (hybrid)": lambda q: retriever.search(q, k=10),
        "Sofia lexical only": lambda q: retriever.search(q, k=10, mode="lexical"),
        f"dense only ({retriever.embedder.name})": lambda q: retriever.search(q, k=10, mode="dense"),
        "plain BM25, Swedish stems": bm25,
    }
    print("\n== Retrieval: gold passage in the top 5 (hit@5) and MRR@10, answerable questions")
    print(f"{'set':28} {'system':28} {'hit@5':>6} {'MRR@10':>7}")
    for name, path in SETS.items():
        if not path.exists():
            continue
        questions = [q for q in load_questions(path) if q["kind"] == "answerable"]
        for system, search in systems.items():
            ranks = [gold_rank(search(q["question"]), q["gold"]) for q in questions]
            hit5 = sum(1 for r in ranks if r and r <= 5) / len(ranks)
            mrr = sum(1 / r for r in ranks if r) / len(ranks)
            print(f"{name:28} {system:28} {hit5:6.3f} {mrr:7.3f}")
    print("\n== Answers (sofia eval): the fitted answer decision, and the hand-set rules as its baseline")
    print(f"{'set':28} {'decision':9} {'gold cited':>10} {'answered':>9} {'no gold':>8} {'out of scope refused':>21} "
          f"{'handoff':>8} {'answerable→handoff':>19} {'gold offered':>13}")
    fitted = services.answers.grounding
    for name, path in SETS.items():
        if not path.exists():
            continue
        for decision, model in (("fitted", fitted), ("rules", None)):
            services.answers.grounding = model
            r = evaluate(services, load_questions(path))
            print(f"{name:28} {decision:9} {r.gold_cited:10.3f} {r.answerable_grounded:9.3f} {r.grounded_without_gold:8.3f} "
                  f"{r.out_of_scope_refused:21.3f} {r.handoff_recognised:8.3f} {r.answerable_marked_handoff:19d} "
                  f"{r.gold_suggested:13.3f}")
    print("(no gold: answerable questions answered without citing a gold passage; gold offered: of the answerable "
          "questions not answered, the gold among the sections offered instead)")
    services.answers.grounding = fitted


def new_documents(services, settings) -> None:
    """Leave one document out: for each knowledge document, the decision fitted without any question about
    it and scored on those questions; with the domain word lists, and without them."""
    from benchmarks.fit_grounding import TRAINING_SETS, choose_l2, collect
    from bot.answers.evaluation import gold_rank, load_questions

    print("\n== A new document: leave one document out (the fitting questions; each document's questions scored by a "
          "decision fitted without them)")
    print(f"{'word lists':11} {'hit@5':>6} {'MRR@10':>7} {'gold cited':>10} {'answered':>9} {'no gold':>8} "
          f"{'out of scope refused':>21} {'passages cited':>15}")
    for lists in (True, False):
        current = services if lists else _with(settings, services, word_lists=False)
        examples, _ = collect(current, TRAINING_SETS)
        _, overall, by_document = choose_l2(examples, report=False)  # the chosen fit's own figures, not a rerun
        retriever = current.knowledge.retriever
        questions = [q for p in TRAINING_SETS if p.exists() for q in load_questions(p) if q["kind"] == "answerable"]
        ranks = [gold_rank(retriever.search(q["question"], k=10, municipality=q.get("municipality")), q["gold"])
                 for q in questions]
        hit5 = sum(1 for r in ranks if r and r <= 5) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        print(f"{'on' if lists else 'off':11} {hit5:6.3f} {mrr:7.3f} {overall['gold_cited']:10.3f} {overall['answered']:9.3f} "
              f"{overall['grounded_without_gold']:8.3f} {overall['refused']:21.3f} {overall['cited']:15.2f}")
        if lists:
            worst = sorted(by_document.items(), key=lambda kv: kv[1]["gold_cited"])[:3]
            print("  weakest documents (gold cited): " + ", ".join(f"{d} {r['gold_cited']:.2f}" for d, r in worst))
    print("(retrieval is fitted on no question, so its figures are the same questions' plain figures)")


def _with(settings, services, **change):
    from bot.services import build_services

    return build_services(settings.model_copy(update=change), embedder=services.knowledge.embedder)


def engines(tmp: Path) -> None:
    """Before and after: the knowledge base indexed and served with each embedding engine, in this run."""
    from bot.knowledge_base.embeddings import MINILM

    print("\n== Embedding engines: ingestion of the knowledge base, cold start and serving memory")
    for model in ("multilingual-e5-small", MINILM):
        env = {**os.environ, "SOFIA_DATA_DIR": str(tmp / model), "SOFIA_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
               "SOFIA_EMBEDDING_MODEL": model}
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bot.channels.cli", "ingest"], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        if done.returncode != 0:
            print(f"{model:24} not available: {done.stderr.strip().splitlines()[-1:]}")
            continue
        print(f"{model:24} ingestion (process start and model load included) {seconds:6.1f} s")
        cold_start(env, label=f"{model:24} cold start to first answer")
        print(f"{model:24} serving memory {serving_memory(env)} MB")


def latency(services, label: str, rounds: int = 3) -> None:
    from bot.answers.evaluation import load_questions

    questions = [q["question"] for path in SETS.values() if path.exists() for q in load_questions(path)]
    answers = services.answers
    for q in questions[:20]:  # warm: model loaded, shapes seen
        answers.answer(q)
    ask, search = [], []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            answers.answer(q)
            ask.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            services.knowledge.retriever.search(q, k=5, mode="lexical")
            search.append((time.perf_counter() - t) * 1000)
    print(f"{label:44} ask     {percentiles(ask)}")
    print(f"{'':44} lexical search (baseline) {percentiles(search)}")


def cold_start(env: dict, label: str = "cold start to first answer (index on disk)    ") -> None:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    python = time.perf_counter() - t
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot.channels.cli", "ask", "Vem samordnar verksamheten i Timrå?"], env=env, capture_output=True, text=True
    )
    total = time.perf_counter() - t
    ok = "Arbetsmarknadsenheten" in done.stdout
    print(f"{label} {total:6.2f} s   (bare Python start {python:.2f} s; answer ok: {ok})")


def _run_cpu(command: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of a child process (CPU counts the work; wall what a person waits)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), done


def startup(tmp: Path) -> None:
    """Before and after, in this run: the first build with the vectors shipped beside knowledge/ and
    with every passage embedded (a copy without them); a cold ask, search and eval loading the
    lexical index ingestion built and building it at start (its file removed before each run)."""
    import shutil

    from bot.search.lexical_cache import LEXICAL_FILE

    print("\n== First build and cold start, before and after (wall s / CPU s; the machine is shared)")
    bare = min(_run_cpu([sys.executable, "-c", "pass"], os.environ)[:2] for _ in range(3))
    print(f"{'python -c pass (best of 3)':64} {bare[0]:6.2f} / {bare[1]:5.2f}")
    plain = tmp / "knowledge-without-vectors"
    shutil.copytree(ROOT / "knowledge", plain, ignore=shutil.ignore_patterns(".embeddings"))
    envs = {}
    for label, knowledge in (("shipped vectors", ROOT / "knowledge"), ("every passage embedded (before)", plain)):
        env = {**os.environ, "SOFIA_DATA_DIR": str(tmp / label.split()[0]), "SOFIA_KNOWLEDGE_DIR": str(knowledge)}
        wall, cpu, done = _run_cpu([sys.executable, "-m", "bot.channels.cli", "ingest", "--quiet"], env)
        print(f"{'first build, ' + label:64} {wall:6.2f} / {cpu:5.2f}   {done.stdout.strip().rsplit(';', 1)[-1]}")
        envs[label] = env
    env = envs["shipped vectors"]
    questions = tmp / "one-question.jsonl"
    questions.write_text('{"question": "Erbjuder Uppsala anbudsskola?", "kind": "out_of_scope"}\n', encoding="utf-8")
    index = Path(env["SOFIA_DATA_DIR"]) / "index"
    lexical = next(index.glob(f"*/{LEXICAL_FILE}"))
    kept = lexical.read_bytes()
    for name, args in (("ask", ["ask", "Vem samordnar verksamheten i Timrå?"]), ("search", ["search", "anbudsskola"]),
                       ("eval", ["eval", str(questions)])):
        for label, cached in (("lexical index loaded", True), ("lexical index built at start (before)", False)):
            runs = []
            for _ in range(3):
                if not cached:
                    lexical.unlink(missing_ok=True)
                runs.append(_run_cpu([sys.executable, "-m", "bot.channels.cli", *args], env)[:2])
            wall, cpu = min(runs)
            print(f"{'cold ' + name + ', ' + label + ' (best of 3)':64} {wall:6.2f} / {cpu:5.2f}")
    lexical.write_bytes(kept)


# The child reads its own peak from /proc (VmHWM): ru_maxrss would carry over the parent's peak,
# because Linux keeps the high-water mark of the memory image a fork copied across exec.
_SERVE = """
import sys
from bot.config import Settings
from bot.services import build_services
from bot.answers.evaluation import load_questions
from pathlib import Path
services = build_services(Settings())
for path in sys.argv[1:]:
    for q in load_questions(Path(path)):
        services.answers.answer(q["question"])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(int(peak.split()[1]) // 1024)
"""


def serving_memory(env: dict) -> str:
    """Peak memory of a process that loads the model and the index and answers every question."""
    sets = [str(p) for p in SETS.values() if p.exists()]
    done = subprocess.run([sys.executable, "-c", _SERVE, *sets], env=env, capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1] if done.returncode == 0 else f"failed: {done.stderr[-200:]}"


# Messages labelled as asking for a person or not: the test data the patterns and the model were made
# from, and a batch written apart whose only use is these totals.
PERSON_REQUESTS = {
    "tests/data (patterns and model made from it)": ROOT / "tests" / "data" / "person_requests.jsonl",
    "person-requests-sealed (never tuned on)": ROOT / "benchmarks" / "questions" / "person-requests-sealed.jsonl",
}


def person_requests() -> None:
    from benchmarks.fit_person_request import messages
    from bot.answers.person_request import asks_for_person, matches_a_way_of_asking

    print("\n== Requests for a person: recognised, and look-alikes taken for one (patterns alone, then with the model)")
    for name, path in PERSON_REQUESTS.items():
        labelled = messages(path)
        requests = [text for text, asks in labelled if asks]
        others = [text for text, asks in labelled if not asks]
        for label, reads in (("patterns", matches_a_way_of_asking), ("patterns + model", asks_for_person)):
            print(f"{name:46} {label:17} requests {sum(map(reads, requests)):3d}/{len(requests)}"
                  f"  look-alikes taken {sum(map(reads, others)):2d}/{len(others)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-chunk corpus")
    parser.add_argument("--chunks", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot.config import Settings
    from bot.services import build_services

    print(f"Sofia benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "kb", knowledge_dir=ROOT / "knowledge")
        t = time.perf_counter()
        services = build_services(settings)
        build = time.perf_counter() - t
        status = services.knowledge.status()
        print(f"\nknowledge base: {status['documents']} documents, {status['chunks']} chunks, built in {build:.1f} s "
              f"(model load included): {status['chunks'] / build:.1f} chunks/s")
        retrieval_table(services)
        person_requests()
        new_documents(services, settings)
        print("\n== Latency, warm, one process")
        latency(services, f"knowledge base ({status['chunks']} chunks)")
        env = {**os.environ, "SOFIA_DATA_DIR": str(settings.data_dir), "SOFIA_KNOWLEDGE_DIR": str(settings.knowledge_dir)}
        print()
        cold_start(env)
        startup(Path(tmp) / "startup")
        kb_rss = rss_mb()
        if not args.quick:
            from benchmarks.synthetic import SentenceMeanEmbedder, sentences, write_corpus

            corpus = Path(tmp) / "synthetic"
            files = write_corpus(ROOT / "knowledge", corpus, args.chunks)
            big = settings.model_copy(update={"data_dir": Path(tmp) / "big", "knowledge_dir": corpus})
            t = time.perf_counter()
            embedder = SentenceMeanEmbedder(services.knowledge.embedder, sentences(ROOT / "knowledge"))
            big_services = build_services(big, embedder=embedder)
            seconds = time.perf_counter() - t
            chunks = big_services.knowledge.status()["chunks"]
            print(f"\n== Synthetic corpus: {files} files, {chunks} chunks")
            print(f"built in {seconds:.1f} s (passage vectors are means of each sentence's, embedded once: this "
                  f"corpus measures search at this size; ingestion is measured on the knowledge base)")
            t = time.perf_counter()
            big_services.knowledge.ingest(progress=False)
            print(f"re-ingestion with nothing changed: {time.perf_counter() - t:.2f} s")
            latency(big_services, f"synthetic corpus ({chunks} chunks)", rounds=2)
        engines(Path(tmp) / "engines")
        print("\n== Memory (peak resident set)")
        print(f"a process answering every question, model loaded   {serving_memory(env):>7} MB")
        print(f"this process before loading anything              {base_rss:7.0f} MB")
        print(f"this process, model + knowledge base + evaluation  {kb_rss:7.0f} MB")
        if not args.quick:
            print(f"this process, also the {args.chunks}-chunk corpus    {rss_mb():7.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
