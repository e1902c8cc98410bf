"""eaeu-qa: cited question answering about Kyrgyzstan v. Russia at the EAEU Court."""
