/// A swarm file of the size and shape Apiary's `swarms/*.toml` will have (about 3.6 KB): tables,
/// arrays of tables, inline tables, multi-line strings, literal-string regexes, a date-time.
enum SwarmFixture {
    static let text: String = {
        var text = """
        # Support swarm
        name = "support"
        description = "Routes support tickets to specialists"
        version = 3

        [models]
        smollm = { path = "models/smollm2-135m-instruct-q4_1.gguf", context = 2048 }
        gemma = { path = "models/gemma-3-270m-q4_k_m.gguf", context = 4096 }
        minilm = { path = "models/all-minilm-l6-v2", kind = "embedding" }

        [router]
        strategies = ["rules", "classifier", "embedding", "llm"]
        min_confidence = 0.72
        fallback = "general"

        [[router.rules]]
        domain = "billing"
        patterns = ['(?i)invoice', '(?i)refund', '(?i)charge[sd]?']

        [[router.rules]]
        domain = "tech"
        patterns = ['(?i)error \\d+', '(?i)crash', '(?i)login']

        """
        for i in 0..<6 {
            text += """
            [[specialists]]
            domain = "domain\(i)"
            model = "smollm"
            system_prompt = \"\"\"
            You are a helpful support agent for domain \(i).
            Answer briefly and politely. Never invent order numbers.
            \"\"\"
            temperature = 0.\(i)
            max_tokens = 256
            stop = ["\\n\\n", "User:"]
            few_shot = [
              { user = "Where is my invoice?", assistant = "You can find it under Account > Billing." },
              { user = "I was charged twice", assistant = "I'm sorry; I have flagged the duplicate charge." },
            ]
            created = 2026-11-25T08:00:00Z

            """
        }
        text += """
        [auditor]
        model = "gemma"
        rubric = "Score 1-5 for correctness and tone."
        threshold = 3.5

        [policy]
        max_request_bytes = 16_384
        redact = ["email", "phone", "iban"]
        flag_below = 0.6
        """
        return text
    }()
}
