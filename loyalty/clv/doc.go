// Package clv answers two questions about each customer of a
// non-contractual business (a shop, a charity, a subscription-free app),
// where nobody announces that they are leaving: "will this customer come
// back?" and "what is this customer worth?". It implements the
// buy-till-you-die models of the marketing-science literature, fitted by
// maximum likelihood on per-customer summaries, and combines them into a
// discounted customer lifetime value in exact decimal money.
//
// # Input: recency, frequency, age
//
// The continuous-time models need three numbers per customer, a
// [Summary]: the number of repeat purchases x (Frequency), the time of
// the last one t_x (Recency) and the time since the first purchase T
// (Age), all measured from the first purchase in one time unit (weeks in
// the papers). Customers with the same summary are merged into weighted
// rows before fitting, so a fit costs in proportion to the number of
// distinct summaries. The discrete-time model [BGBB] takes a [Pattern]:
// how many of n transaction opportunities (years of a donation drive,
// say) had a transaction, and which was the last. The spend model
// [GammaGamma] takes a [Spend]: the number of repeat transactions and
// their mean value.
//
// # The models
//
//   - [ParetoNBD], the Pareto/NBD of Schmittlein, Morrison & Colombo (1987),
//     "Counting Your Customers: Who Are They and What Will They Do Next?",
//     Management Science 33(1). Customers buy at Poisson rate λ while alive
//     and have exponential lifetimes with rate μ; λ and μ are gamma
//     distributed across customers. The likelihood follows the note of
//     Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and
//     Related Expressions", with its Gauss hypergeometric function
//     evaluated through Euler's transformation as a series of positive,
//     geometrically shrinking terms.
//   - [BGNBD], the BG/NBD of Fader, Hardie & Lee (2005), "'Counting Your
//     Customers' the Easy Way: An Alternative to the Pareto/NBD Model",
//     Marketing Science 24(2). Dropout happens only right after a purchase,
//     with a beta-distributed probability p. It fits the same data almost
//     as well as Pareto/NBD, has closed forms everywhere (including
//     P(X(t) = n), [BGNBD.ProbPurchases]) and is the usual first choice.
//   - [MBGNBD], the modified BG/NBD of Batislam, Denizel & Filiztekin
//     (2007), International Journal of Research in Marketing 24(3), as in
//     the R package BTYDplus. It also allows dropout right after the first
//     purchase, so customers who never came back are not all "alive" — a
//     known oddity of BG/NBD for one-time buyers.
//   - [BGBB], the BG/BB of Fader, Hardie & Shang (2010), "Customer-Base
//     Analysis in a Discrete-Time Noncontractual Setting", Marketing
//     Science 29(6), for discrete transaction opportunities (yearly
//     donations, annual events, scheduled flights).
//   - [GammaGamma], the spend model of Fader, Hardie & Lee (2005), "RFM and
//     CLV: Using Iso-Value Curves for Customer Base Analysis", Journal of
//     Marketing Research 42(4), and Fader & Hardie (2013), "The Gamma-Gamma
//     Model of Monetary Value". It shrinks each customer's average order
//     value towards the population mean, more for customers with few
//     purchases.
//
// Every transaction model gives P(alive), expected purchases of a given
// customer and of a new one, and the count distribution P(X(t) = n) of a
// new customer (ProbPurchases: closed forms for BG/NBD, MBG/NBD and BG/BB;
// adaptive Gauss–Kronrod quadrature in log time for Pareto/NBD, accurate
// for any horizon or an error wrapping [ErrNoConvergence] or, when t/β
// overflows, [ErrNonFinite]). A [Calibration] computes the models' inputs
// from a host's stored purchase touchpoints: a [Summary] for the
// transaction models and a [Spend] for the spend model, which counts only
// the repeat purchases that carry a value.
//
// Which to choose: for purchases that can happen at any time, start with
// [BGNBD]; prefer [MBGNBD] when many customers buy only once and their
// P(alive) matters (BG/NBD says they are all alive); use [ParetoNBD] when
// dropout need not coincide with purchases and a slightly slower fit is
// acceptable. For opportunities on a fixed calendar use [BGBB]. Add
// [GammaGamma] for money, after checking that order values are not
// correlated with purchase frequency, which the model assumes.
//
// # Predictions
//
// Every transaction model offers PAlive (the probability that the customer
// is still active), ExpectedPurchases (the conditional expectation of the
// number of purchases in a future window, given the customer's summary),
// ExpectedPurchasesNew (the same for a customer who has just made a first
// purchase) and LogLikelihood. [Value] takes a customer's Summary and
// Spend, as Calibration returns them, and sums expected purchases per
// period times [GammaGamma.ExpectedSpend], discounted per period, into a
// [touchpoint.Money].
//
// # Fitting
//
// FitBGNBD, FitParetoNBD, FitMBGNBD, FitBGBB and FitGammaGamma return a
// [Fit] holding the estimates, their standard errors (from the inverse of
// the observed information) and the log-likelihood. They maximise the
// log-likelihood with gonum's BFGS on the logarithms of the parameters,
// using analytic gradients. Large inputs are fitted in two stages: a
// stratified subsample finds the neighbourhood of the optimum and its
// curvature, and the full data are then fitted with that curvature as a
// preconditioner, which needs only a few full passes. [FitOptions] carries
// an optional progress callback, and every fit honours its context.
//
// On the CDNOW data of the papers the fits reproduce the published
// estimates (see the package tests); per-customer predictions match the
// Python library lifetimes to 1e-6.
//
// # Numerical robustness
//
// All likelihoods are computed in log space (log-gamma, log-sum-exp), so
// a customer with 100,000 purchases or an age of a million weeks is no
// problem. The hypergeometric series of Pareto/NBD and of the BG/NBD and
// MBG/NBD conditional expectations are transformed (Euler and Pfaff
// transformations) so that their terms are positive or small and shrink
// geometrically. When the Pareto/NBD argument z comes within 0.01 of 1,
// where the series would need thousands of terms, predictions integrate
// Euler's integral representation with a double-exponential rule instead;
// fits keep the series (they need its derivatives) but bound it at 10,000
// terms, which only excludes parameters where one rate scale is hundreds
// of times the other. The removable singularities at a = 1 (BG/NBD),
// s = 1 (Pareto/NBD) and γ = 1 (BG/BB) are evaluated through expm1 or
// finite sums. No function returns NaN or Inf: invalid input is an
// [*InputError] (matching [ErrInvalidInput]), and a valid input without a
// finite answer, or a series that needs more than a million terms,
// returns an error wrapping [ErrNonFinite] or [ErrNoConvergence].
//
// Models are plain values; all functions and methods are safe for
// concurrent use.
package clv
