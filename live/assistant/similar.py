"""Likely duplicates: a forum's questions in an index kept up to date as they arrive.

Two views of each question, compared by TF-IDF cosine: its words (syllables and neighbouring
pairs, see words.terms) and its letters (character 3-5-grams of the folded text, which see past
typos and missing diacritics). Rare words weigh more than common ones through the inverse
document frequency, counted over the forum's own questions as they come, so "bán trú" weighs
more at a forum where one question mentions it than "học phí" where forty do.

Nothing is rebuilt per call: `add` hashes one question into each view (a fixed feature space, so
no vocabulary to refit) and updates the document frequencies; `similar` weighs the stored rows by
today's frequencies and compares.
"""
from __future__ import annotations

import threading

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer

from live.assistant.words import spelling, terms

FEATURES = 2**18
#: How much the word view counts against the letter view.
WORD_WEIGHT = 0.6
#: A score from which the console suggests a merge.
LIKELY = 0.34
#: A lower score suffices for two questions that are each other's closest (among the best
#: MUTUAL): a question in other words scores low against everything but its twin.
LIKELY_MUTUAL = 0.22
MUTUAL = 2
#: At most this many suggestions, none below MINIMUM (a few shared letters are not a likeness).
LIMIT = 10
MINIMUM = 0.05

_words = FeatureHasher(n_features=FEATURES, input_type="pair", alternate_sign=False)
_letters = HashingVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), n_features=FEATURES, alternate_sign=False, norm=None
)


class _View:
    """One view's raw term counts, a row per question, and the document frequencies."""

    def __init__(self):
        self.rows: list[sp.csr_matrix] = []
        self.df = np.zeros(FEATURES, dtype=np.float64)
        self._matrix: sp.csr_matrix | None = None

    def add(self, row: sp.csr_matrix) -> None:
        self.rows.append(row)
        self.df[row.indices] += 1
        self._matrix = None

    def replace(self, position: int, row: sp.csr_matrix) -> None:
        self.df[self.rows[position].indices] -= 1
        self.rows[position] = row
        self.df[row.indices] += 1
        self._matrix = None

    def matrix(self) -> sp.csr_matrix:
        if self._matrix is None:
            self._matrix = sp.vstack(self.rows, format="csr")
            self._squares = self._matrix.multiply(self._matrix).tocsr()
        return self._matrix

    def cosine(self, row: sp.csr_matrix) -> np.ndarray:
        """Cosine of `row` against every stored row, both weighed by today's IDF. Costs one pass
        over the stored counts: no weighted copy of the matrix is made."""
        matrix = self.matrix()
        idf2 = (np.log((1 + len(self.rows)) / (1 + self.df)) + 1.0) ** 2
        norms = np.sqrt(self._squares @ idf2)
        norms[norms == 0] = 1.0
        query = row.copy()
        query.data = query.data * idf2[query.indices]
        query_norm = np.sqrt(float(row.data**2 @ idf2[row.indices])) or 1.0
        return (matrix @ query.T).toarray().ravel() / norms / query_norm

class Index:
    """The questions of one forum, by id."""

    def __init__(self):
        self.ids: list[int] = []
        self.texts: dict[int, str] = {}
        self.position: dict[int, int] = {}
        self.word_view, self.letter_view = _View(), _View()
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def _rows(text: str):
        word_row = _words.transform([terms(text)])
        letter_row = _letters.transform([spelling(text)])
        return word_row.tocsr(), letter_row.tocsr()

    def add(self, question_id: int, text: str) -> None:
        """Take a question in (or its new text, when it is already in)."""
        word_row, letter_row = self._rows(text)
        with self.lock:
            self.texts[question_id] = text
            if question_id in self.position:
                at = self.position[question_id]
                self.word_view.replace(at, word_row)
                self.letter_view.replace(at, letter_row)
                return
            self.position[question_id] = len(self.ids)
            self.ids.append(question_id)
            self.word_view.add(word_row)
            self.letter_view.add(letter_row)

    def _combine(self, word_row, letter_row) -> np.ndarray:
        words = self.word_view.cosine(word_row)
        letters = self.letter_view.cosine(letter_row)
        return np.clip(WORD_WEIGHT * words + (1 - WORD_WEIGHT) * letters, 0.0, 1.0)

    def scores(self, text: str) -> np.ndarray:
        """The score of `text` against each question, in the order of `self.ids`."""
        word_row, letter_row = self._rows(text)
        with self.lock:
            if not self.ids:
                return np.zeros(0)
            return self._combine(word_row, letter_row)

    def pairwise(self, ids: list[int]) -> np.ndarray:
        """The scores among the questions `ids` (all in the index), as a matrix, in one pass."""
        with self.lock:
            at = [self.position[i] for i in ids]
            views = []
            for view in (self.word_view, self.letter_view):
                idf = np.log((1 + len(view.rows)) / (1 + view.df)) + 1.0
                rows = view.matrix()[at] @ sp.diags(idf)
                norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
                norms[norms == 0] = 1.0
                rows = sp.diags(1 / norms) @ rows
                views.append((rows @ rows.T).toarray())
        scores = np.clip(WORD_WEIGHT * views[0] + (1 - WORD_WEIGHT) * views[1], 0.0, 1.0)
        np.fill_diagonal(scores, 0.0)
        return scores

    @staticmethod
    def likely_pairs(scores: np.ndarray) -> np.ndarray:
        """Which pairs of a `pairwise` matrix the console would suggest merging (the same rule
        as `similar`): a high score, or a fair one between two of each other's closest."""
        n = len(scores)
        if n < 2:
            return np.zeros((n, n), dtype=bool)
        rank = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1)
        close = rank < MUTUAL
        likely = (scores >= LIKELY) | ((scores >= LIKELY_MUTUAL) & close & close.T)
        return likely | likely.T

    def _closest(self, at: int, among) -> list[int]:
        """The positions of the MUTUAL questions closest to the one stored at `at`."""
        scores = self._combine(self.word_view.rows[at], self.letter_view.rows[at])
        scores[at] = -1.0
        if among is not None:
            scores[[i for i, other in enumerate(self.ids) if other not in among]] = -1.0
        return list(np.argsort(-scores, kind="stable")[:MUTUAL])

    def similar(self, question_id: int, text: str, *, among=None, limit: int = LIMIT) -> list[dict]:
        """The questions most like `text`, best first, `question_id` itself left out; `among`
        (a set of ids) narrows the candidates, e.g. to those not merged or hidden. `likely`
        marks those the console suggests merging: a high score, or a fair one where the two are
        among each other's closest."""
        word_row, letter_row = self._rows(text)
        with self.lock:
            if not self.ids:
                return []
            scores = self._combine(word_row, letter_row)
            order = np.argsort(-scores, kind="stable")
            mine = self.position.get(question_id)
            found = []
            for at in order:
                other = self.ids[at]
                score = float(scores[at])
                if other == question_id or (among is not None and other not in among):
                    continue
                if score < MINIMUM or len(found) == limit:
                    break
                likely = score >= LIKELY or (
                    score >= LIKELY_MUTUAL and len(found) < MUTUAL and mine is not None
                    and mine in self._closest(at, among))
                found.append({"id": other, "score": round(score, 3), "likely": bool(likely)})
        return found
