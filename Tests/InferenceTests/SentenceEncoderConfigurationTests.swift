import Foundation
import XCTest
@testable import Inference

/// Loading checks of the encoder: config.json, weights against it, pooling.
final class SentenceEncoderConfigurationTests: XCTestCase {
    private let valid: [String: Any] = [
        "model_type": "bert", "hidden_act": "gelu", "vocab_size": 100, "hidden_size": 8,
        "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16,
        "max_position_embeddings": 32, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
    ]

    private func configuration(_ changes: [String: Any?]) throws -> BertConfiguration {
        var object = valid
        for (key, value) in changes { object[key] = value }
        return try BertConfiguration(json: JSONSerialization.data(withJSONObject: object), path: "c.json")
    }

    private func assertRejects(_ changes: [String: Any?], _ kind: EncoderError.Kind, location: String, line: UInt = #line) {
        XCTAssertThrowsError(try configuration(changes), line: line) { error in
            XCTAssertEqual((error as? EncoderError)?.kind, kind, "\(error)", line: line)
            XCTAssertEqual((error as? EncoderError)?.location, location, line: line)
        }
    }

    func testReadsEveryHyperParameter() throws {
        let c = try configuration([:])
        XCTAssertEqual(
            [c.vocabularySize, c.hiddenSize, c.layerCount, c.headCount, c.intermediateSize, c.maximumPositions, c.tokenTypeCount, c.headSize],
            [100, 8, 2, 2, 16, 32, 2, 4])
        XCTAssertEqual(c.layerNormEpsilon, 1e-12)
    }

    func testRejectsMissingAndNonPositiveSizes() {
        assertRejects(["hidden_size": nil], .invalidField(expected: "a positive integer"), location: "c.json: hidden_size")
        assertRejects(["num_hidden_layers": 0], .invalidField(expected: "a positive integer"), location: "c.json: num_hidden_layers")
        assertRejects(["intermediate_size": 1.5], .invalidField(expected: "a positive integer"), location: "c.json: intermediate_size")
        assertRejects(["vocab_size": true], .invalidField(expected: "a positive integer"), location: "c.json: vocab_size")
        assertRejects(["layer_norm_eps": -1], .invalidField(expected: "a number in (0, 1)"), location: "c.json: layer_norm_eps")
        assertRejects(
            ["num_attention_heads": 3], .invalidField(expected: "a divisor of hidden_size 8 (found 3)"), location: "c.json: num_attention_heads")
    }

    func testRejectsWhatItDoesNotImplementInsteadOfApproximating() {
        assertRejects(
            ["hidden_act": "gelu_new"], .unsupported("hidden_act 'gelu_new' (this encoder implements gelu)"), location: "c.json: hidden_act")
        assertRejects(
            ["position_embedding_type": "relative_key"],
            .unsupported("position_embedding_type 'relative_key' (this encoder implements absolute)"), location: "c.json: position_embedding_type")
        assertRejects(["model_type": "roberta"], .unsupported("model_type 'roberta' (this encoder implements bert, mpnet)"), location: "c.json: model_type")
        XCTAssertThrowsError(try BertConfiguration(json: Data("[1]".utf8), path: "c.json")) {
            XCTAssertEqual(($0 as? EncoderError)?.kind, .invalidConfiguration(reason: "the top level is not an object"))
        }
    }

    func testMPNetCountsPositionsFromThePaddingIDAndHasNoTokenTypes() throws {
        let mpnet: [String: Any?] = ["model_type": "mpnet", "type_vocab_size": nil, "pad_token_id": 1, "relative_attention_num_buckets": 32]
        let c = try configuration(mpnet)
        XCTAssertEqual(c.architecture, .mpnet)
        XCTAssertEqual([c.tokenTypeCount, c.positionOffset, c.maximumSequenceLength, c.relativeAttentionBuckets], [0, 2, 30, 32])
        XCTAssertEqual(try configuration([:]).positionOffset, 0)
        var without = mpnet
        without["pad_token_id"] = nil
        assertRejects(without, .invalidField(expected: "an integer ≥ 0"), location: "c.json: pad_token_id")
        without = mpnet
        without["relative_attention_num_buckets"] = 30
        assertRejects(without, .invalidField(expected: "a multiple of 4"), location: "c.json: relative_attention_num_buckets")
        without = mpnet
        without["pad_token_id"] = 31
        assertRejects(without, .invalidField(expected: "a token id below max_position_embeddings - 1"), location: "c.json: pad_token_id")
    }

    /// MPNet's buckets (32, distances up to 128) as transformers' relative_position_bucket computes them.
    func testRelativeBucketsMatchTransformers() {
        let expected: [Int: Int] = [0: 0, 1: 17, -1: 1, 7: 23, -7: 7, 8: 24, -8: 8, 12: 25, 15: 25, 16: 26, -16: 10,
                                    31: 27, 32: 28, 64: 30, 127: 31, 128: 31, -128: 15, 500: 31, -500: 15]
        for (distance, bucket) in expected {
            XCTAssertEqual(EncoderArchitecture.relativeBucket(distance: distance, buckets: 32), bucket, "distance \(distance)")
        }
    }

    /// A model directory with the real weights and vocabulary beside a given config and extra files.
    private func directory(config: [String: Any], extra: [String: String] = [:]) throws -> URL {
        let model = URL(fileURLWithPath: try TestPaths.model(SentenceEncoderTests.modelName))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-encoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        for name in ["model.safetensors", "vocab.txt", "tokenizer.json"] {
            try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent(name), withDestinationURL: model.appendingPathComponent(name))
        }
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        for (name, text) in extra {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    private func realConfig() throws -> [String: Any] {
        let path = URL(fileURLWithPath: try TestPaths.model(SentenceEncoderTests.modelName)).appendingPathComponent("config.json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    func testRejectsWeightsThatDoNotMatchTheConfigNamingTheTensor() throws {
        var config = try realConfig()
        config["intermediate_size"] = 1024
        let dir = try directory(config: config)
        XCTAssertThrowsError(try SentenceEncoder(directory: dir.path)) { error in
            XCTAssertEqual(
                (error as? EncoderError)?.kind,
                .weights(SafeTensorsError(
                    .wrongShape(expected: [1024, 384], found: [1536, 384]),
                    field: "tensor 'encoder.layer.0.intermediate.dense.weight'", path: dir.appendingPathComponent("model.safetensors").path)))
            XCTAssertTrue("\(error)".contains("encoder.layer.0.intermediate.dense.weight"), "\(error)")
        }
    }

    func testRefusesPoolingItDoesNotCompute() throws {
        let cls = #"{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#
        XCTAssertThrowsError(try SentenceEncoder(directory: try directory(config: realConfig(), extra: ["1_Pooling/config.json": cls]).path)) {
            guard case .unsupported = ($0 as? EncoderError)?.kind else { return XCTFail("\($0)") }
        }
        let mean = #"{"pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true}"#
        XCTAssertNoThrow(try SentenceEncoder(directory: try directory(config: realConfig(), extra: ["1_Pooling/config.json": mean]).path))
    }

    func testReadsTheMaximumSequenceLengthFromSentenceTransformersConfig() throws {
        let dir = try directory(config: realConfig(), extra: ["sentence_bert_config.json": #"{"max_seq_length": 16}"#])
        let encoder = try SentenceEncoder(directory: dir.path)
        XCTAssertEqual(encoder.maximumTokens, 16)
        let ids = encoder.tokenIDs(for: String(repeating: "refund my order please ", count: 20))
        XCTAssertEqual(ids.count, 16)
        XCTAssertEqual(ids.last, encoder.tokenizer.separator)
    }

    func testBrokenOptionalFilesAreErrorsNotDefaults() throws {
        for (name, text) in [("sentence_bert_config.json", "{\"max_seq_length\": \"long\"}"), ("1_Pooling/config.json", "{not json")] {
            let dir = try directory(config: realConfig(), extra: [name: text])
            XCTAssertThrowsError(try SentenceEncoder(directory: dir.path), name) { error in
                XCTAssertTrue("\(error)".contains(name), "\(error)")
            }
        }
    }
}
