"""Likely duplicates: a forum's questions in an index kept up to date as they arrive.

Two views of each question, compared by TF-IDF cosine: its words (syllables and neighbouring
pairs, see words.terms) and its letters (character 3-5-grams of the folded words of its topic,
which see past typos and missing diacritics). Rare words weigh more than common ones through the
inverse document frequency, counted over the forum's own questions as they come, so "bán trú"
weighs more at a forum where one question mentions it than "học phí" where forty do.

The score of two questions is that cosine less what is usual around them: each question's
neighbourhood is the mean cosine of its NEIGHBOURS closest questions, and the score is
cosine - CROWDING × (the two neighbourhoods' mean). Where a hall asks fifteen questions about
tuition, two of them share "học phí" without being the same question; a question in a quiet
topic stands out with less (the "hubness" correction of nearest-neighbour retrieval, CSLS).
Two questions naming different school levels ("bán trú" at a primary school and at a
kindergarten) have their cosine halved first: they share words, not the question.

Nothing is rebuilt per call: `add` hashes one question into each view (a fixed feature space, so
no vocabulary to refit) and updates the document frequencies; the next call brings the
neighbourhoods up to date (one pass for each question added since, or all of them in blocks when
many arrived at once, as when a server starts); `similar` weighs the stored rows by today's
frequencies and compares.
"""
from __future__ import annotations

import threading

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer

from live.assistant.words import analyse

FEATURES = 2**18
#: How much the word view counts against the letter view.
WORD_WEIGHT = 0.6
#: What a feature in every question still weighs (scikit-learn's smooth IDF adds 1).
IDF_FLOOR = 1.0
#: A question's neighbourhood: the mean cosine of its NEIGHBOURS closest questions; the score
#: takes CROWDING times the two questions' neighbourhoods off their cosine.
NEIGHBOURS = 5
CROWDING = 0.75
#: The cosine of two questions naming different school levels is multiplied by this.
LEVELS_APART = 0.5
#: A score from which the console suggests a merge.
LIKELY = 0.10
#: A lower score suffices for two questions that are each other's closest (among the best
#: MUTUAL) with a fair cosine: a question in other words scores low against everything but its
#: twin (and a question with no twin has closest ones too, hence the cosine).
LIKELY_MUTUAL = 0.05
MUTUAL_COSINE = 0.2
MUTUAL = 2
#: A cosine from which two questions are likely duplicates however crowded their topic (a
#: question asked twenty times has only its twins around it).
LIKELY_COSINE = 0.5
#: At most this many suggestions, none with a cosine below MINIMUM (a few shared letters are
#: not a likeness).
LIMIT = 10
MINIMUM = 0.05
#: More questions than this waiting for their neighbourhood (or a forum grown by a quarter since
#: they were all weighed) and all are weighed again at once.
_BATCH = 16
_BLOCK = 512

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
        self._stacked = 0  # how many of `rows` the matrix holds

    def add(self, row: sp.csr_matrix) -> None:
        self.rows.append(row)
        self.df[row.indices] += 1

    def replace(self, position: int, row: sp.csr_matrix) -> None:
        self.df[self.rows[position].indices] -= 1
        self.rows[position] = row
        self.df[row.indices] += 1
        self._matrix, self._stacked = None, 0

    def matrix(self) -> sp.csr_matrix:
        """The rows as one matrix; the rows added since the last call are stacked under it."""
        if self._stacked < len(self.rows):
            new = sp.vstack(self.rows[self._stacked:], format="csr")
            squares = new.multiply(new).tocsr()
            if self._matrix is not None:
                new = sp.vstack([self._matrix, new], format="csr")
                squares = sp.vstack([self._squares, squares], format="csr")
            self._matrix, self._squares = new, squares
            self._stacked = len(self.rows)
        return self._matrix

    def idf(self) -> np.ndarray:
        """Today's inverse document frequency of each feature, over the forum's questions."""
        return np.log((1 + len(self.rows)) / (1 + self.df)) + IDF_FLOOR

    def cosine(self, row: sp.csr_matrix) -> np.ndarray:
        """Cosine of `row` against every stored row, both weighed by today's IDF. Costs one pass
        over the stored counts: no weighted copy of the matrix is made."""
        matrix = self.matrix()
        idf2 = self.idf() ** 2
        norms = np.sqrt(self._squares @ idf2)
        norms[norms == 0] = 1.0
        query = row.copy()
        query.data = query.data * idf2[query.indices]
        query_norm = np.sqrt(float(row.data**2 @ idf2[row.indices])) or 1.0
        return (matrix @ query.T).toarray().ravel() / norms / query_norm

    def weighed(self, at=None) -> sp.csr_matrix:
        """The stored rows (those at `at`, or all) weighed by today's IDF, of length one."""
        rows = self.matrix() if at is None else self.matrix()[at]
        rows = rows @ sp.diags(self.idf())
        norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return (sp.diags(1 / norms) @ rows).tocsr()


class Index:
    """The questions of one forum, by id."""

    def __init__(self):
        self.ids: list[int] = []
        self.texts: dict[int, str] = {}
        self.position: dict[int, int] = {}
        self.word_view, self.letter_view = _View(), _View()
        self.lock = threading.Lock()
        # each position's NEIGHBOURS best cosines with the others, best first (-inf: none yet),
        # in an array grown by doubling; `_near` is the part in use
        self._near_rows = np.full((16, NEIGHBOURS), -np.inf)
        self.levels: list[int] = []  # the school levels each names (words.levels)
        self._waiting: set[int] = set()  # positions whose neighbourhood is not yet weighed
        self._weighed_at = 0  # how many questions there were when all were last weighed

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def _rows(text: str):
        """A question's row in each view and the school levels it names."""
        words, letters, level = analyse(text)
        return _words.transform([words]).tocsr(), _letters.transform([letters]).tocsr(), level

    def add(self, question_id: int, text: str) -> None:
        """Take a question in (or its new text, when it is already in)."""
        word_row, letter_row, level = self._rows(text)
        with self.lock:
            self.texts[question_id] = text
            if question_id in self.position:
                at = self.position[question_id]
                self.word_view.replace(at, word_row)
                self.letter_view.replace(at, letter_row)
                self.levels[at] = level
                # weighed again at the next call (its old likeness may stay in others'
                # neighbourhoods until all are weighed again: an edit mostly mends a typo)
                self._waiting.add(at)
                return
            self.position[question_id] = len(self.ids)
            self._waiting.add(len(self.ids))
            self.ids.append(question_id)
            self.word_view.add(word_row)
            self.letter_view.add(letter_row)
            self.levels.append(level)
            if len(self.ids) > len(self._near_rows):
                grown = np.full((2 * len(self._near_rows), NEIGHBOURS), -np.inf)
                grown[:len(self.ids) - 1] = self._near_rows[:len(self.ids) - 1]
                self._near_rows = grown

    @property
    def _near(self) -> np.ndarray:
        """Each position's NEIGHBOURS best cosines with the others, best first (a view)."""
        return self._near_rows[:len(self.ids)]

    def _combine(self, word_row, letter_row, level: int = 0) -> np.ndarray:
        """The cosine of one question (its rows and its school levels) with each stored one."""
        words = self.word_view.cosine(word_row)
        letters = self.letter_view.cosine(letter_row)
        scores = np.clip(WORD_WEIGHT * words + (1 - WORD_WEIGHT) * letters, 0.0, 1.0)
        return self._apart(scores[None, :], [level])[0]

    def _apart(self, scores: np.ndarray, mine: list[int]) -> np.ndarray:
        """`scores` (a row for each of the school levels `mine`, a column for each stored
        question) with the pairs naming different school levels weighed down."""
        mine, theirs = np.array(mine)[:, None], np.array(self.levels)[None, :]
        apart = (mine != 0) & (theirs != 0) & ((mine & theirs) == 0)
        return np.where(apart, scores * LEVELS_APART, scores)

    def _cosines(self, at=None, weighed=None) -> np.ndarray:
        """The cosines among the stored rows, those at `at` (or all) against all, in one pass;
        `weighed`: the views' rows already weighed (`_View.weighed`), when called per block."""
        word, letter = weighed or (self.word_view.weighed(), self.letter_view.weighed())
        mine = (word, letter) if at is None else (word[at], letter[at])
        scores = (WORD_WEIGHT * (mine[0] @ word.T).toarray()
                  + (1 - WORD_WEIGHT) * (mine[1] @ letter.T).toarray())
        return self._apart(np.clip(scores, 0.0, 1.0),
                           self.levels if at is None else [self.levels[i] for i in at])

    def _weigh_neighbourhoods(self) -> None:
        """Bring every question's neighbourhood up to date (under the lock)."""
        n = len(self.ids)
        if not self._waiting and n < 1.25 * self._weighed_at:
            return
        if len(self._waiting) > _BATCH or n >= 1.25 * self._weighed_at or not self._weighed_at:
            weighed = (self.word_view.weighed(), self.letter_view.weighed())
            for start in range(0, n, _BLOCK):
                block = list(range(start, min(start + _BLOCK, n)))
                scores = self._cosines(block, weighed)
                scores[np.arange(len(block)), block] = -np.inf
                self._near[block] = _best(scores)
            self._weighed_at = n
        else:
            waiting = sorted(self._waiting)
            for at in waiting:
                scores = self._combine(self.word_view.rows[at], self.letter_view.rows[at],
                                       self.levels[at])
                scores[at] = -np.inf
                self._near[at] = _best(scores[None, :])[0]
                others = np.ones(n, dtype=bool)
                others[waiting] = False
                rows = np.nonzero(others & (scores > self._near[:, -1]))[0]
                if len(rows):
                    both = np.hstack([self._near[rows], scores[rows, None]])
                    self._near[rows] = _best(both)
        self._waiting.clear()

    def _crowding(self) -> np.ndarray:
        """Each stored question's neighbourhood: the mean of its best cosines (0 alone)."""
        near = self._near
        known = np.isfinite(near)
        return np.where(known, near, 0.0).sum(axis=1) / np.maximum(known.sum(axis=1), 1)

    def scores(self, text: str) -> np.ndarray:
        """The cosine of `text` with each question, in the order of `self.ids`."""
        word_row, letter_row, level = self._rows(text)
        with self.lock:
            if not self.ids:
                return np.zeros(0)
            return self._combine(word_row, letter_row, level)

    def likely_pairs(self, ids: list[int]) -> np.ndarray:
        """Which pairs of the questions `ids` (all in the index) the console would suggest
        merging, as a matrix: the rule of `similar`, the closest counted among `ids`."""
        n = len(ids)
        if n < 2:
            return np.zeros((n, n), dtype=bool)
        with self.lock:
            self._weigh_neighbourhoods()
            at = [self.position[i] for i in ids]
            cosine = self._cosines(at)[:, at]
            crowding = self._crowding()[at]
        np.fill_diagonal(cosine, 0.0)
        score = cosine - CROWDING * (crowding[:, None] + crowding[None, :]) / 2
        np.fill_diagonal(score, -np.inf)
        rank = np.argsort(np.argsort(-score, axis=1, kind="stable"), axis=1)
        close = rank < MUTUAL
        likely = ((score >= LIKELY) | (cosine >= LIKELY_COSINE)
                  | ((score >= LIKELY_MUTUAL) & (cosine >= MUTUAL_COSINE) & close & close.T))
        np.fill_diagonal(likely, False)
        return likely | likely.T

    def _scores(self, cosine: np.ndarray, crowding: float, candidate: np.ndarray) -> np.ndarray:
        """The scores of one question's cosines against all, -inf where not a candidate."""
        score = cosine - CROWDING * (crowding + self._crowding()) / 2
        return np.where(candidate, score, -np.inf)

    def similar(self, question_id: int, text: str, *, among=None, limit: int = LIMIT) -> list[dict]:
        """The questions most like `text`, best first, `question_id` itself left out; `among`
        (a set of ids) narrows the candidates, e.g. to those not merged or hidden. `score` is
        the cosine less the crowding of the two (in [0, 1]); `likely` marks those the console
        suggests merging: a high score (or cosine), or a fair score where the two are among
        each other's closest."""
        word_row, letter_row, level = self._rows(text)
        with self.lock:
            if not self.ids:
                return []
            self._weigh_neighbourhoods()
            cosine = self._combine(word_row, letter_row, level)
            mine = self.position.get(question_id)
            allowed = np.ones(len(self.ids), dtype=bool)
            if among is not None:
                allowed = np.isin(np.array(self.ids), list(among))
            if mine is not None:
                allowed[mine] = False
            candidate = allowed & (cosine >= MINIMUM)
            if mine is not None and self.texts[question_id] == text:
                crowding = float(self._crowding()[mine])
            else:
                others = np.delete(cosine, mine) if mine is not None else cosine
                crowding = float(np.mean(np.sort(others)[::-1][:NEIGHBOURS]))
            score = self._scores(cosine, crowding, candidate)
            order = np.argsort(-score, kind="stable")[:min(limit, int(candidate.sum()))]
            found = []
            for rank, at in enumerate(order):
                likely = score[at] >= LIKELY or cosine[at] >= LIKELY_COSINE or (
                    score[at] >= LIKELY_MUTUAL and cosine[at] >= MUTUAL_COSINE
                    and rank < MUTUAL and mine is not None
                    and mine in self._closest(at, allowed, mine))
                found.append({"id": self.ids[at], "score": round(float(np.clip(score[at], 0, 1)), 3),
                              "likely": bool(likely)})
        return found

    def _closest(self, at: int, allowed: np.ndarray, mine: int) -> list[int]:
        """The positions of the MUTUAL questions closest to the one stored at `at`, among those
        allowed and the question asking."""
        cosine = self._combine(self.word_view.rows[at], self.letter_view.rows[at], self.levels[at])
        them = allowed.copy()
        them[at], them[mine] = False, True
        score = self._scores(cosine, float(self._crowding()[at]), them)
        return list(np.argsort(-score, kind="stable")[:MUTUAL])


def _best(scores: np.ndarray) -> np.ndarray:
    """Each row's NEIGHBOURS highest values, best first (-inf where a row has fewer)."""
    k = min(NEIGHBOURS, scores.shape[1])
    best = -np.sort(-scores, axis=1)[:, :k]
    if k < NEIGHBOURS:
        best = np.hstack([best, np.full((len(scores), NEIGHBOURS - k), -np.inf)])
    return best
