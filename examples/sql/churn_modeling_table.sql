-- The churn modeling table: one row per customer active at the end of :as_of.
--
-- Features use only events known by the end of the snapshot day :as_of
-- (strictly before the day after it); the target `churned` is 1 if the customer
-- cancelled in the 90 days after it, (as_of, as_of + 90 days]. Customers who
-- signed up after :as_of or had already cancelled by then are left out.
--
-- The same query, with another :as_of, builds the table for any month: for
-- training, for backtests, and (with today's date and no target) for scoring.
-- It does not clean: duplicated CRM profiles, messy categories and text-typed
-- charges come through as they are, for the cleaning step to handle.

WITH params AS (
    SELECT
        date(:as_of)              AS as_of,
        date(:as_of, '+1 day')    AS feature_cutoff,  -- events before this are known at the snapshot
        date(:as_of, '-90 days')  AS recent_start,    -- start of the "last 90 days" window
        date(:as_of, '+90 days')  AS label_end
),

-- Who is a customer at the snapshot, and did they cancel in the next 90 days?
population AS (
    SELECT
        c.*,
        CASE WHEN x.cancelled_at > p.as_of AND x.cancelled_at <= p.label_end
             THEN 1 ELSE 0 END AS churned
    FROM customers AS c
    CROSS JOIN params AS p
    LEFT JOIN cancellations AS x ON x.customer_id = c.customer_id
    WHERE c.signup_date <= p.as_of
      AND (x.cancelled_at IS NULL OR x.cancelled_at > p.as_of)
),

-- Bills up to the snapshot, numbered from the most recent, with the average
-- of the three bills before each one (a window over the customer's history).
bill_history AS (
    SELECT
        b.customer_id,
        b.amount_due,
        b.amount_paid,
        b.paid_late,
        ROW_NUMBER() OVER recent_first AS months_ago,
        AVG(b.amount_due) OVER (
            PARTITION BY b.customer_id ORDER BY b.bill_month
            ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING
        ) AS previous_three_avg_due
    FROM bills AS b
    CROSS JOIN params AS p
    WHERE b.bill_month < p.feature_cutoff
    WINDOW recent_first AS (PARTITION BY b.customer_id ORDER BY b.bill_month DESC)
),

bill_features AS (
    SELECT
        customer_id,
        COUNT(*)                                                  AS n_bills,
        AVG(paid_late)                                            AS late_payment_share,
        SUM(CASE WHEN months_ago <= 6 THEN paid_late ELSE 0 END)  AS late_payments_6m,
        SUM(amount_due - COALESCE(amount_paid, 0))                AS unpaid_balance,
        MAX(CASE WHEN months_ago = 1 THEN amount_due END)         AS last_amount_due,
        -- Last bill relative to the three before it: > 1 means the bill went up.
        MAX(CASE WHEN months_ago = 1
                 THEN amount_due / previous_three_avg_due END)    AS charge_trend
    FROM bill_history
    GROUP BY customer_id
),

ticket_features AS (
    SELECT
        t.customer_id,
        COUNT(*)                                              AS tickets_total,
        SUM(t.opened_at >= p.recent_start)                    AS tickets_90d,
        SUM(t.opened_at >= p.recent_start
            AND t.category IN ('technical', 'outage'))        AS tech_tickets_90d,
        AVG(t.hours_to_resolve)                               AS avg_hours_to_resolve,
        ROUND(julianday(p.feature_cutoff) - julianday(MAX(t.opened_at)), 1)
                                                              AS days_since_last_ticket
    FROM tickets AS t
    CROSS JOIN params AS p
    WHERE t.opened_at < p.feature_cutoff
    GROUP BY t.customer_id
)

SELECT
    pop.customer_id,
    pop.signup_date,
    CAST((julianday(p.as_of) - julianday(pop.signup_date)) / 30.4375 AS INTEGER) AS tenure_months,
    pop.region,
    pop.postcode,
    pop.senior_citizen,
    pop.partner,
    pop.dependents,
    pop.contract,
    pop.payment_method,
    pop.paperless_billing,
    pop.internet_service,
    pop.monthly_charges,
    COALESCE(bf.n_bills, 0)             AS n_bills,
    bf.late_payment_share,
    COALESCE(bf.late_payments_6m, 0)    AS late_payments_6m,
    COALESCE(bf.unpaid_balance, 0)      AS unpaid_balance,
    bf.last_amount_due,
    bf.charge_trend,
    COALESCE(tf.tickets_total, 0)       AS tickets_total,
    COALESCE(tf.tickets_90d, 0)         AS tickets_90d,
    COALESCE(tf.tech_tickets_90d, 0)    AS tech_tickets_90d,
    tf.avg_hours_to_resolve,
    tf.days_since_last_ticket,
    -- Leakage traps: recorded after the snapshot for the customers who matter.
    pop.retention_offer_sent,
    a.account_status,
    pop.churned
FROM population AS pop
CROSS JOIN params AS p
JOIN accounts AS a ON a.customer_id = pop.customer_id
LEFT JOIN bill_features AS bf ON bf.customer_id = pop.customer_id
LEFT JOIN ticket_features AS tf ON tf.customer_id = pop.customer_id
ORDER BY pop.customer_id, pop.record_id;
