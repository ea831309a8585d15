package terminology

// Releases are the official files the built-in code sets are made from,
// where their publishers put them, and the SHA-256 of each file as
// imported (for a file taken out of a downloaded zip, Member names it and
// the hash is the member's). `codebench terms fetch` downloads them when
// the files are not on disk; a file whose hash differs is refused.
//
// The hashes are those of ../shared/terminology/SHA256SUMS (the XML files
// the CDC ships zipped are pinned as extracted, uncompressed). The FY2026
// CMS URLs are the ones the shared README gives; the other years follow
// the same CMS and CDC naming and could not be checked from this machine:
// when a publisher moves a file, fetch with --mirror from a copy.
var Releases = []Release{
	{Path: "icd10cm/cms_2016_dx.zip", URL: "https://www.cms.gov/files/zip/2016-code-descriptions-tabular-order.zip", SHA256: "fb7f9b15834da6a74c4dd649df009cdef5bd0fae607feaa2977d2c23077556a2"},
	{Path: "icd10cm/cms_2017_dx.zip", URL: "https://www.cms.gov/files/zip/2017-code-descriptions-tabular-order.zip", SHA256: "b406779f090a79debf39f828601da6c6d0c709f9ba317e299ff679f183207f5b"},
	{Path: "icd10cm/cms_2018_dx.zip", URL: "https://www.cms.gov/files/zip/2018-code-descriptions-tabular-order.zip", SHA256: "d4954a3fa02e0bfbecb10b20864198dfa50862ded93f2d9d7313e9fe07ef0dfc"},
	{Path: "icd10cm/cms_2019_dx.zip", URL: "https://www.cms.gov/files/zip/2019-code-descriptions-tabular-order.zip", SHA256: "73a4b41698bb9ae5e3e557edab4c76cf194faee3cf2dc594df25a9a343a70fa1"},
	{Path: "icd10cm/cms_2020_dx.zip", URL: "https://www.cms.gov/files/zip/2020-code-descriptions-tabular-order.zip", SHA256: "2e53056c702a600a7e2abb2e199322fac2c8546f2583ccda95f5aeeb2f63c4c4"},
	{Path: "icd10cm/cms_2021_dx.zip", URL: "https://www.cms.gov/files/zip/2021-code-descriptions-tabular-order.zip", SHA256: "479be4d5773fb2e8357c5edb8a56bbd48da4d2bca443a7c42527ad102e3b388c"},
	{Path: "icd10cm/cms_2022_dx.zip", URL: "https://www.cms.gov/files/zip/2022-code-descriptions-tabular-order.zip", SHA256: "423206a194dd6db8384c3b39699ad3c1efa19718677fa81690557732a31bf560"},
	{Path: "icd10cm/cms_2023_dx.zip", URL: "https://www.cms.gov/files/zip/2023-code-descriptions-tabular-order.zip", SHA256: "cc7158228f6de01aa08650cc3afe446973a879dd78d44f1fec7150d45cfe1e06"},
	{Path: "icd10cm/cms_2024_dx.zip", URL: "https://www.cms.gov/files/zip/2024-code-descriptions-tabular-order.zip", SHA256: "4b30a68a011edb4aaa5ad3747971ef26f3be09eb925821d78b0d4584be977e3e"},
	{Path: "icd10cm/cms_2025_dx.zip", URL: "https://www.cms.gov/files/zip/2025-code-descriptions-tabular-order.zip", SHA256: "4f6c65f0034736d2b02fa9eb1128aab564fa673dd4d99363f8b2167af3994816"},
	{Path: "icd10cm/cms_2026_dx.zip", URL: "https://www.cms.gov/files/zip/2026-code-descriptions-tabular-order.zip", SHA256: "55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11"},
	{Path: "icd10pcs/cms_2016_pr.zip", URL: "https://www.cms.gov/files/zip/2016-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "9f3af070b4428b5d9496bc893e6cf31da6a65f95c07c54924588670789380179"},
	{Path: "icd10pcs/cms_2017_pr.zip", URL: "https://www.cms.gov/files/zip/2017-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "ad90bc25cb49d08adf5f67d5cc5cff4b033db810f306d7338703bc4bf32ba1d2"},
	{Path: "icd10pcs/cms_2018_pr.zip", URL: "https://www.cms.gov/files/zip/2018-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "210935ee3ebaa396a1ebfee22b0b010dbb38fda7cdea4754040ca49a040cd3a0"},
	{Path: "icd10pcs/cms_2019_pr.zip", URL: "https://www.cms.gov/files/zip/2019-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "9d51328f1b0176edeb2a90701c2e5d5fc984637b4480d83fc0a4cc8a569d5845"},
	{Path: "icd10pcs/cms_2020_pr.zip", URL: "https://www.cms.gov/files/zip/2020-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "55cc9555df3f95c1a4928c6389dda1646e477c1d9f1b33e4b740960c169db9de"},
	{Path: "icd10pcs/cms_2021_pr.zip", URL: "https://www.cms.gov/files/zip/2021-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "59c5ba3c6601a6f759b0110bfd9b4fdee8eb556462fcf661a823518ff90f2a93"},
	{Path: "icd10pcs/cms_2022_pr.zip", URL: "https://www.cms.gov/files/zip/2022-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "0a98d9bd017a04c9ec09d2e6f85924d6a5c54b091bcf7fa4a8ed8793a81244ca"},
	{Path: "icd10pcs/cms_2023_pr.zip", URL: "https://www.cms.gov/files/zip/2023-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "069062ca36cb8ea0b4803f4ed4668df653f07fd0843f5f28ef81b6a4dce2f653"},
	{Path: "icd10pcs/cms_2024_pr.zip", URL: "https://www.cms.gov/files/zip/2024-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "2b311e4fa3ac59ffe7b020cf0e05000ec035d1cfdf6a9ec7664eb74b82190253"},
	{Path: "icd10pcs/cms_2025_pr.zip", URL: "https://www.cms.gov/files/zip/2025-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "3534c5f6ec23d1179d960683feb24137a4c163c7b91aa45a1ad889c042f7027a"},
	{Path: "icd10pcs/cms_2026_pr.zip", URL: "https://www.cms.gov/files/zip/2026-icd-10-pcs-order-file-long-and-abbreviated-titles.zip", SHA256: "64e37e6060bfd9eca74d9973be28fdf570b40f87a3a855bd078eb343dd0e594e"},
	{Path: "icd10cm-xml/icd10cm_tabular_2023.xml", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2023/icd10cm-table-index-2023.zip", SHA256: "ef862d47d79c69b19d4228855b9a79299e8e004edc14190167b1e66daa8c5825", Member: "icd10cm_tabular_2023.xml"},
	{Path: "icd10cm-xml/icd10cm_index_2023.xml", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2023/icd10cm-table-index-2023.zip", SHA256: "caab6cb0915550a91330ad782f569988f71b77a5a3273144a03cac52bd6fd771", Member: "icd10cm_index_2023.xml"},
	{Path: "icd10cm-xml/icd10pcs_index_2023.xml", URL: "https://www.cms.gov/files/zip/2023-icd-10-pcs-index.zip", SHA256: "5554cd55682aeedeac37076c4f6ba7dce8f2a221809ee3f5f8c36f8cbaf56ca0", Member: "icd10pcs_index_2023.xml"},
	{Path: "icd10cm-xml/icd-10-cm-drug-2025.xml", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/icd10cm-Table-and-Index-2025.zip", SHA256: "c9e7bd78d02f25495842444d3b09a5e5d935be83ffa139aff725b4c7ccc9be64", Member: "icd-10-cm-drug-2025.xml"},
	{Path: "icd10cm-xml/icd-10-cm-neoplasm-2025.xml", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/icd10cm-Table-and-Index-2025.zip", SHA256: "20ce857cc0424666e42d2ab5df912d4809090aeb580dfb71b596f7d8989abb48", Member: "icd-10-cm-neoplasm-2025.xml"},
	{Path: "icd10cm-xml/icd-10-cm-eindex-2025.xml", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/icd10cm-Table-and-Index-2025.zip", SHA256: "41fa87021d75527d740e120171efe84d995a852d9fd2b76524f483489b59cd23", Member: "icd-10-cm-eindex-2025.xml"},
	{Path: "hcpcs/HCPC2025_OCT_ANWEB.xlsx", URL: "https://www.cms.gov/files/zip/october-2025-alpha-numeric-hcpcs-file.zip", SHA256: "6fcd04186caa69af047915d16426a05ba20e49c3eba2367f472a94b534f9be52", Member: "HCPC2025_OCT_ANWEB.xlsx"},
	{Path: "poa/POAexemptCodesFY24.zip", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2024/POAexemptCodesFY24.zip", SHA256: "05efb64d4d86098cffe896a5fd1d9d8c7c72abdcf17e3b78e0e38fe140027100"},
	{Path: "poa/POAexemptCodesFY25.zip", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/POAexemptCodesFY25.zip", SHA256: "adf8677cfb19257e3a2fd6669afc3610dca1159a88136c110b3e4b658d4897a6"},
	{Path: "poa/POAexemptCodesFY26.zip", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2026/POAexemptCodesFY26.zip", SHA256: "eedc59099e27b069f97c90880859431bf4a7416fa8e16672b04040a98cb28e9c"},
	// The ICD-10-CM Official Guidelines, as CDC/NCHS publish them (the
	// same PDFs CMS posts).
	{Path: "guidelines/icd-10-cm-guidelines-fy2024-october.pdf", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2024/ICD-10-CM-Guidelines-October%201%20FY2024FINALv.2.pdf", SHA256: "3b54edec1989976e507c287994235e62813ff6d7f2cdb0ea206bcb3a9700fc0c"},
	{Path: "guidelines/icd-10-cm-guidelines-fy2024-april.pdf", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2024-Update/ICD-10-CM-Guidelines-April-1%20FY2024.pdf", SHA256: "064a7453c66d199a71bcdd738a5eaded403f071a69ce04c39c3fb65a4281140e"},
	{Path: "guidelines/icd-10-cm-guidelines-fy2025-october.pdf", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/icd-10-cm-FY25-guidelines-october%20-2024.pdf", SHA256: "d574f986b5e9c4c57a7495b321ca4abb98301423d3109d1c2c5de1aefa151d1f"},
	{Path: "guidelines/icd-10-cm-guidelines-fy2025-april.pdf", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025-Update/ICD-10-CM-April-1-FY25-Guidelines.pdf", SHA256: "eb9fddc7c388a157fd8c1fec9b8a36c46847ed5790b4be5d5316902e57481cc8"},
	{Path: "guidelines/icd-10-cm-guidelines-fy2026-october.pdf", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2026/ICD-10-CM-October-2025-Guidelines.pdf", SHA256: "992310dd8323de12026e3db40b7e60f94ea997e4808a56e0ea584ee3ea5cc7ea"},
	{Path: "addenda/ICD-10-CM-CONVERSION-TABLE-FY2024.xlsx", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2024/ICD-10-CM-CONVERSION-TABLE-FY2024.xlsx", SHA256: "186924f56ace23f849f394c6150ca6aa5182a90391d050ae5ee5ab97139e21c1"},
	{Path: "addenda/ICD-10-CM-CONVERSION-TABLE-FY2025.xlsx", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2025/ICD-10-CM-CONVERSION-TABLE-FY2025.xlsx", SHA256: "98a886f523b95612b7002d7673f4928f325937b7dfd3dcd134cb699b6562d91a"},
	{Path: "addenda/ICD-10-CM-CONVERSION-TABLE-FY2026.xlsx", URL: "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/2026/ICD-10-CM-CONVERSION-TABLE-FY2026.xlsx", SHA256: "9040e201d336180bc2f9b5824661a02899bb969d107f352aa81b2e44730d2479"},
}

// Release is one official file.
type Release struct {
	Path   string // where it goes under the code-set folder, as in SHA256SUMS
	URL    string // the publisher's download
	SHA256 string // hex SHA-256 of the file saved at Path
	Member string // when URL is a zip holding the file: its name inside
}
