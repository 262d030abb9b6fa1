"""Terms of the fintech-kg ontology as a closed rdflib namespace.

Generated from ontology/fintech-kg.ttl (owl:versionInfo 0.1.0) by
``python -m kg.graph.namespace_gen``: regenerate, don't edit. With ``_fail = True``
an undeclared term such as ``KG.investIn`` raises AttributeError instead of
silently minting a new IRI.

>>> KG.investsIn == URIRef("https://w3id.org/fintech-kg/ontology#investsIn")
True
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.graph.iris import KG as _KG_IRI

__all__ = ["KG"]


class KG(DefinedNamespace):
    """Classes and properties of ``https://w3id.org/fintech-kg/ontology#``."""

    _fail = True
    _NS = Namespace(_KG_IRI)

    # Classes
    Alliance: URIRef  # Alliance
    AssetManager: URIRef  # Asset manager
    Association: URIRef  # Association
    Bank: URIRef  # Bank
    Company: URIRef  # Company
    Document: URIRef  # Document
    Evidence: URIRef  # Evidence
    FintechCompany: URIRef  # Fintech company
    GovernmentBody: URIRef  # Government body
    Insurer: URIRef  # Insurer
    InvestmentFirm: URIRef  # Investment firm
    Organization: URIRef  # Organization
    Person: URIRef  # Person
    Place: URIRef  # Place
    Product: URIRef  # Product
    ResearchInstitute: URIRef  # Research institute
    SecuritiesFirm: URIRef  # Securities firm
    TechCompany: URIRef  # Technology company
    University: URIRef  # University

    # Object properties
    acquired: URIRef  # acquired
    acquiredBy: URIRef  # acquired by
    clientOf: URIRef  # client of
    developed: URIRef  # developed
    developedBy: URIRef  # developed by
    executiveOf: URIRef  # executive of
    foundedBy: URIRef  # founded by
    founderOf: URIRef  # founder of
    hasExecutive: URIRef  # has executive
    hasGroupMember: URIRef  # has group member
    hasInvestor: URIRef  # has investor
    hasMember: URIRef  # has member
    hasShareholder: URIRef  # has shareholder
    hasSubsidiary: URIRef  # has subsidiary
    headquarteredIn: URIRef  # headquartered in
    inGroupOf: URIRef  # in group of
    investsIn: URIRef  # invests in
    memberOf: URIRef  # member of
    mentions: URIRef  # mentions
    partnersWith: URIRef  # partners with
    relatedTo: URIRef  # related to
    servesClient: URIRef  # serves client
    shareholderOf: URIRef  # shareholder of
    subsidiaryOf: URIRef  # subsidiary of

    # Datatype properties
    category: URIRef  # category
    confidence: URIRef  # confidence
    encoding: URIRef  # encoding
    endOffset: URIRef  # end offset
    evidenceText: URIRef  # evidence text
    extractionMethod: URIRef  # extraction method
    foundingDate: URIRef  # founding date
    fundingRound: URIRef  # funding round
    headquartersAddress: URIRef  # headquarters address
    mentionCount: URIRef  # mention count
    registeredCapital: URIRef  # registered capital
    resolutionNote: URIRef  # resolution note
    sentenceIndex: URIRef  # sentence index
    startOffset: URIRef  # start offset
    status: URIRef  # status
    stockCode: URIRef  # stock code
    totalFunding: URIRef  # total funding
    valuation: URIRef  # valuation
    valuationCurrency: URIRef  # valuation currency
    valuationDate: URIRef  # valuation date
